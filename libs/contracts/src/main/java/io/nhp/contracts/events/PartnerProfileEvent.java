package io.nhp.contracts.events;

import static io.nhp.contracts.events.Required.field;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * One version of an OEM partner's whole profile ({@code nhp.reference.partners}, compacted, key = partner key).
 * {@code profile} holds the fields of the model's {@code companies/<key>.yaml}.
 */
public record PartnerProfileEvent(
        String eventId,
        Instant eventTime,
        String partner,
        Long version,
        Instant effectiveAt,
        String changedBy,
        JsonNode profile) implements Event {

    public PartnerProfileEvent {
        field(eventId, "eventId");
        field(eventTime, "eventTime");
        field(partner, "partner");
        field(version, "version");
        field(effectiveAt, "effectiveAt");
        field(changedBy, "changedBy");
        field(profile, "profile");
    }
}
