package io.nhp.pricing.api;

import io.nhp.contracts.events.PartnerProfileEvent;
import java.time.Instant;

/** One line of the partner list. */
public record PartnerSummary(String key, String name, long version, Instant effectiveAt, String changedBy) {

    static PartnerSummary of(PartnerProfileEvent event) {
        return new PartnerSummary(event.partner(), event.profile().path("name").asText(event.partner()),
                event.version(), event.effectiveAt(), event.changedBy());
    }
}
