package io.nhp.contracts.events;

import static io.nhp.contracts.events.Required.field;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Comparator;
import java.util.Map;

/**
 * A partner's scenario model (Simulation v2.0) as last recomputed ({@code nhp.economics.projections}, compacted,
 * key = partner). {@code projections} holds the whole projection per mode ({@code reference}, {@code corrected});
 * a mode whose rules refuse the profile is absent there and its reason is in {@code refused}.
 * {@code inputVersions} names every reference item used ({@code cloud:aws_a100} → its version).
 */
public record ProjectionEvent(
        String eventId,
        Instant eventTime,
        String partner,
        Long partnerVersion,
        Map<String, Long> inputVersions,
        Map<String, JsonNode> projections,
        Map<String, String> refused) implements Event {

    public ProjectionEvent {
        field(eventId, "eventId");
        field(eventTime, "eventTime");
        field(partner, "partner");
        field(partnerVersion, "partnerVersion");
        inputVersions = inputVersions == null ? Map.of() : Map.copyOf(inputVersions);
        projections = projections == null ? Map.of() : Map.copyOf(projections);
        refused = refused == null ? Map.of() : Map.copyOf(refused);
    }

    /** Numbers compare by value: 1.0E+9 read back from a topic is the 1000000000.0 that was written. */
    private static final Comparator<JsonNode> SAME_VALUE = (a, b) -> a.isNumber() && b.isNumber()
            ? a.decimalValue().compareTo(b.decimalValue())
            : a.equals(b) ? 0 : 1;

    /** Same figures from the same inputs: a recomputation that changed nothing. */
    public boolean sameAs(ProjectionEvent other) {
        return other != null && partnerVersion.equals(other.partnerVersion) && inputVersions.equals(other.inputVersions)
                && refused.equals(other.refused) && projections.keySet().equals(other.projections.keySet())
                && projections.entrySet().stream()
                        .allMatch(e -> e.getValue().equals(SAME_VALUE, other.projections.get(e.getKey())));
    }
}
