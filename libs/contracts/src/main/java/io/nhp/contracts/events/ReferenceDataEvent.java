package io.nhp.contracts.events;

import static io.nhp.contracts.events.Required.field;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * One version of one reference item: a cloud offer, token tier, region, task type or model constant
 * ({@code nhp.reference.prices}, compacted, key = {@code kind:id} such as {@code cloud:aws_h100}).
 * {@code data} holds the item's fields as in the model's YAML.
 */
public record ReferenceDataEvent(
        String eventId,
        Instant eventTime,
        ReferenceKind kind,
        String id,
        Long version,
        Instant effectiveAt,
        String changedBy,
        JsonNode data) implements Event {

    public ReferenceDataEvent {
        field(eventId, "eventId");
        field(eventTime, "eventTime");
        field(kind, "kind");
        field(id, "id");
        field(version, "version");
        field(effectiveAt, "effectiveAt");
        field(changedBy, "changedBy");
        field(data, "data");
    }

    /** The record key on the topic. */
    public String key() {
        return kind.key(id);
    }
}
