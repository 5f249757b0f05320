package io.nhp.service.kafka;

import io.micrometer.core.instrument.Metrics;
import io.nhp.contracts.events.DeadLetterEvent;
import io.nhp.contracts.events.Required;
import io.nhp.contracts.serde.Json;
import java.time.Instant;
import org.apache.kafka.streams.processor.api.ProcessorContext;

/**
 * Dead letters written by stream processors: a readable record the pipeline cannot use, with the reason. Each is
 * counted in {@code nhp.records.failed{service,topic}}, as {@link DeadLetteringProcessingHandler} counts the records
 * a processor threw on.
 */
public final class DeadLetters {

    /** The counter of records a service could read but not process, by source topic. */
    public static final String FAILED_METRIC = "nhp.records.failed";

    private DeadLetters() {
    }

    /**
     * A dead letter for {@code value}: where it came from is the record being processed, or {@code topic} (with no
     * partition or offset) when there is none, as in a punctuation. Counts it.
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
        String sourceTopic = metadata.map(m -> m.topic()).orElse(topic);
        countFailed(service, sourceTopic);
        return new DeadLetterEvent(Required.newEventId(), Instant.ofEpochMilli(context.currentSystemTimeMs()), service,
                sourceTopic, metadata.map(m -> m.partition()).orElse(null),
                metadata.map(m -> m.offset()).orElse(null), key, json, false, reason);
    }

    /** Counts one record that could not be processed (on the global registry, which Quarkus's Prometheus registry is part of). */
    static void countFailed(String service, String topic) {
        Metrics.counter(FAILED_METRIC, "service", service, "topic", topic).increment();
    }
}
