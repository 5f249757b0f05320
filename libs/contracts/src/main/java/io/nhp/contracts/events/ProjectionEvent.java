package io.nhp.contracts.events;

import static io.nhp.contracts.events.Required.field;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * A partner's scenario model (Simulation v2.0) as last recomputed, in one mode ({@code reference} or
 * {@code corrected}) ({@code nhp.economics.projections}, compacted, key = {@code partner/mode}).
 */
public record ProjectionEvent(
        String eventId,
        Instant eventTime,
        String partner,
        String mode,
        Long partnerVersion,
        JsonNode projection) implements Event {

    public ProjectionEvent {
        field(eventId, "eventId");
        field(eventTime, "eventTime");
        field(partner, "partner");
        field(mode, "mode");
        field(projection, "projection");
    }

    /** The record key. */
    public static String key(String partner, String mode) {
        return partner + "/" + mode;
    }
}
