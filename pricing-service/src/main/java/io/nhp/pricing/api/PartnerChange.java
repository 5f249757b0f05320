package io.nhp.pricing.api;

import io.nhp.pricing.catalog.PartnerCatalog;
import io.nhp.service.Problem.FieldError;
import java.time.Instant;
import java.util.List;

/** The answer to an accepted profile: the version now current, and warnings such as markets without region data. */
public record PartnerChange(String partner, long version, Instant effectiveAt, String changedBy,
                            List<FieldError> warnings) {

    static PartnerChange of(PartnerCatalog.Accepted accepted) {
        var event = accepted.partner();
        return new PartnerChange(event.partner(), event.version(), event.effectiveAt(), event.changedBy(),
                accepted.warnings());
    }
}
