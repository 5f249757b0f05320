package io.nhp.service.kafka;

import io.nhp.contracts.events.DeadLetterEvent;
import io.nhp.contracts.events.Required;
import io.nhp.contracts.serde.Json;
import java.time.Instant;
import org.apache.kafka.streams.processor.api.ProcessorContext;

/** Dead letters written by stream processors: a readable record the pipeline cannot use, with the reason. */
public final class DeadLetters {

    private DeadLetters() {
    }

    /**
     * A dead letter for {@code value}: where it came from is the record being processed, or {@code topic} (with no
     * partition or offset) when there is none, as in a punctuation.
     */
    public static DeadLetterEvent of(ProcessorContext<?, ?> context, String service, String topic, String key,
                                     Object value, String reason) {
        var metadata = context.recordMetadata();
        String json;
        try {
            json = Json.MAPPER.writeValueAsString(value);
        } catch (Exception e) {
            json = String.valueOf(value);
        }
        return new DeadLetterEvent(Required.newEventId(), Instant.ofEpochMilli(context.currentSystemTimeMs()), service,
                metadata.map(m -> m.topic()).orElse(topic), metadata.map(m -> m.partition()).orElse(null),
                metadata.map(m -> m.offset()).orElse(null), key, json, false, reason);
    }
}
