package io.nhp.kafka.testkit;

import io.nhp.contracts.Topics;
import io.nhp.contracts.events.PartnerProfileEvent;
import io.nhp.contracts.events.ReferenceDataEvent;
import io.nhp.modeldata.ModelData;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The shipped reference data (every reference item and the seven partner profiles) on the reference topics as
 * pricing-service publishes it at its first start: version 1, by {@code seed}.
 */
public final class ReferenceSeed {

    private ReferenceSeed() {
    }

    public static void publish(String bootstrapServers, Instant at) {
        Map<String, ReferenceDataEvent> items = new LinkedHashMap<>();
        for (ModelData.Item item : ModelData.referenceItems()) {
            items.put(item.kind().key(item.id()), new ReferenceDataEvent("seed-" + item.kind().key(item.id()), at,
                    item.kind(), item.id(), 1L, at, "seed", item.data(), List.of()));
        }
        TopicWriter.send(bootstrapServers, Topics.REFERENCE_PRICES, items);
        Map<String, PartnerProfileEvent> partners = new LinkedHashMap<>();
        ModelData.partners(ModelData.PARTNERS).forEach((key, profile) ->
                partners.put(key, new PartnerProfileEvent("seed-" + key, at, key, 1L, at, "seed", profile)));
        TopicWriter.send(bootstrapServers, Topics.REFERENCE_PARTNERS, partners);
    }
}
