package io.nhp.pricing.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.nhp.contracts.events.ReferenceDataEvent;
import java.time.Instant;

/** The current version of one reference item, as the API shows it (the history has its own endpoint). */
public record ReferenceItem(String key, String kind, String id, long version, Instant effectiveAt, String changedBy,
                            JsonNode data) {

    static ReferenceItem of(ReferenceDataEvent event) {
        return new ReferenceItem(event.key(), event.kind().keyPrefix(), event.id(), event.version(),
                event.effectiveAt(), event.changedBy(), event.data());
    }
}
