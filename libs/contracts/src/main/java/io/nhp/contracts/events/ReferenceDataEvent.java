package io.nhp.contracts.events;

import static io.nhp.contracts.events.Required.field;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One version of one reference item: a cloud offer, token tier, region, market, task type or model constant
 * ({@code nhp.reference.prices}, compacted, key = {@code kind:id} such as {@code cloud:aws_h100}).
 * {@code data} holds the item's fields as in the model's YAML. {@code history} carries the earlier versions,
 * oldest first, because compaction keeps only the latest record of a key and the audit trail must survive it.
 */
public record ReferenceDataEvent(
        String eventId,
        Instant eventTime,
        ReferenceKind kind,
        String id,
        Long version,
        Instant effectiveAt,
        String changedBy,
        JsonNode data,
        List<Revision> history) implements Event {

    public ReferenceDataEvent {
        field(eventId, "eventId");
        field(eventTime, "eventTime");
        field(kind, "kind");
        field(id, "id");
        field(version, "version");
        field(effectiveAt, "effectiveAt");
        field(changedBy, "changedBy");
        field(data, "data");
        history = history == null ? List.of() : List.copyOf(history);
    }

    /** One version of an item: its data, when it took effect and who made the change. */
    public record Revision(Long version, Instant effectiveAt, String changedBy, JsonNode data) {

        public Revision {
            field(version, "version");
            field(effectiveAt, "effectiveAt");
            field(changedBy, "changedBy");
            field(data, "data");
        }
    }

    /** The record key on the topic. */
    public String key() {
        return kind.key(id);
    }

    /** This version as a revision. */
    public Revision revision() {
        return new Revision(version, effectiveAt, changedBy, data);
    }

    /** Every version, oldest first, ending with this one. */
    public List<Revision> revisions() {
        List<Revision> all = new ArrayList<>(history);
        all.add(revision());
        return all;
    }

    /** The next version of this item: new data, version + 1, this version appended to the history. */
    public ReferenceDataEvent next(JsonNode newData, Instant at, String author) {
        return new ReferenceDataEvent(Required.newEventId(), at, kind, id, version + 1, at, author, newData, revisions());
    }
}
