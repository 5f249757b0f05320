package io.nhp.pricing.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.MeterRegistry;
import io.nhp.contracts.Topics;
import io.nhp.contracts.events.ReferenceDataEvent;
import io.nhp.contracts.events.ReferenceKind;
import io.nhp.contracts.events.Required;
import io.nhp.modeldata.ModelData;
import io.nhp.pricing.domain.ChangeRules;
import io.nhp.service.ProblemException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Cloud offers, token tiers, regions, markets, task types and model constants: one item per key of
 * {@code nhp.reference.prices}, each with its version history.
 */
@Singleton
public class ReferenceCatalog extends CompactedCatalog<ReferenceDataEvent> {

    private static final Logger LOG = Logger.getLogger(ReferenceCatalog.class);
    /** Items in the order the model lists them; items without a position (constants, markets) by id. */
    private static final Comparator<ReferenceDataEvent> MODEL_ORDER = Comparator
            .comparing(ReferenceDataEvent::kind)
            .thenComparing(e -> e.data().path("position").asInt(Integer.MAX_VALUE))
            .thenComparing(ReferenceDataEvent::id);

    ReferenceCatalog(SingleWriter writer, MeterRegistry registry,
                     @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers) {
        super(Topics.REFERENCE_PRICES, writer, bootstrapServers, registry);
    }

    @Override
    String kindOf(ReferenceDataEvent item) {
        return item.kind().keyPrefix();
    }

    @Override
    String keyOf(ReferenceDataEvent item) {
        return item.key();
    }

    /** Rebuilds from the topic and publishes version 1 of every shipped item the topic lacks. */
    public synchronized void load() {
        rebuild();
        List<ReferenceDataEvent> missing = missingSeeds(ModelData.referenceItems(), key -> byKey(key).isPresent(),
                Instant.now());
        publishAll(missing);
        LOG.infof("Reference catalog ready: %d items, %d seeded now", items.size(), missing.size());
    }

    /**
     * Version 1 of each shipped item whose key is not stored yet; an item that is stored (changed or not) is left as
     * it is, so a restart never overwrites a change and never publishes the seed twice.
     */
    static List<ReferenceDataEvent> missingSeeds(List<ModelData.Item> seeds, Predicate<String> stored, Instant now) {
        List<ReferenceDataEvent> missing = new ArrayList<>();
        for (ModelData.Item seed : seeds) {
            if (!stored.test(seed.kind().key(seed.id()))) {
                missing.add(new ReferenceDataEvent(Required.newEventId(), now, seed.kind(), seed.id(), 1L, now,
                        SEED_AUTHOR, seed.data(), List.of()));
            }
        }
        return missing;
    }

    /** Every item, of one kind or of all, in model order. */
    public List<ReferenceDataEvent> all(Optional<ReferenceKind> kind) {
        return items.values().stream()
                .filter(e -> kind.map(k -> e.kind() == k).orElse(true))
                .sorted(MODEL_ORDER)
                .toList();
    }

    public Optional<ReferenceDataEvent> get(ReferenceKind kind, String id) {
        return byKey(kind.key(id));
    }

    /**
     * Applies a partial change (only the fields the kind allows to change) and publishes the next version.
     * A change that alters nothing publishes nothing and returns the current version.
     */
    public synchronized ReferenceDataEvent change(ReferenceKind kind, String id, JsonNode patch, String author) {
        ReferenceDataEvent current = get(kind, id)
                .orElseThrow(() -> ProblemException.notFound("no " + kind.keyPrefix() + " '" + id + "'"));
        return changed(current, patch, author, Instant.now()).map(this::publish).orElse(current);
    }

    /**
     * The item's next version with the partial change applied (the fields its kind lets change, checked by
     * {@link ChangeRules}: a 400 otherwise), or empty when the change alters nothing.
     */
    static Optional<ReferenceDataEvent> changed(ReferenceDataEvent current, JsonNode patch, String author, Instant at) {
        ObjectNode changes = ChangeRules.forKind(current.kind()).validate(patch);
        ObjectNode data = current.data().deepCopy();
        data.setAll(changes);
        if (data.equals(current.data())) {
            return Optional.empty();
        }
        return Optional.of(current.next(data, at, author));
    }
}
