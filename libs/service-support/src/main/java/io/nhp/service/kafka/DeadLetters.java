package io.nhp.service.kafka;

import io.micrometer.core.instrument.Metrics;
import io.nhp.contracts.Topics;
import io.nhp.contracts.events.DeadLetterEvent;
import io.nhp.contracts.events.Required;
import io.nhp.contracts.serde.Json;
import java.time.Instant;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * The one way a stream processor dead-letters a record it read but cannot use: it {@link #forward}s the letter,
 * with the reason, to a sink of its own on {@code nhp.deadletter} ({@link #addTo}). The sink is the processor's
 * child, so the letter is written in the Streams transaction that processes the record: exactly once under
 * {@code exactly_once_v2}, and gone with the transaction if it aborts. Each letter is kept within Kafka's size limits
 * ({@link DeadLetterSize}) and counted in {@code nhp.records.failed{service,topic}}, as
 * {@link DeadLetteringProcessingHandler} counts the records a processor throws on (which it writes outside the
 * transaction).
 *
 * <p>The sink is one more child of the processor: a processor with dead letters forwards its other records to its
 * children by name, never to all of them (a record other than a letter that reaches the sink fails with a
 * {@code ClassCastException}, rather than being written to {@code nhp.deadletter} as if it were one).
 */
public final class DeadLetters {

    /** The counter of records a service could read but not process, by source topic. */
    public static final String FAILED_METRIC = "nhp.records.failed";

    private static final Serializer<DeadLetterEvent> LETTERS = Topics.DEAD_LETTER.valueSerde().serializer();

    private final String service;
    private final String processor;

    private DeadLetters(String service, String processor) {
        this.service = service;
        this.processor = processor;
    }

    /** The dead letters of the processor node named {@code processor} in {@code service}'s topology. */
    public static DeadLetters of(String service, String processor) {
        return new DeadLetters(service, processor);
    }

    /** The name of the sink node the letters go through: {@code <processor>-dead-letters}. */
    public String sink() {
        return processor + "-dead-letters";
    }

    /** Adds the sink to {@code nhp.deadletter}, a child of the processor (which the topology must have already). */
    public Topology addTo(Topology topology) {
        return topology.addSink(sink(), Topics.DEAD_LETTER.name(), Topics.DEAD_LETTER.keySerde().serializer(),
                (String topic, Object letter) -> LETTERS.serialize(topic, (DeadLetterEvent) letter), processor);
    }

    /**
     * Forwards the dead letter of {@code value} to the sink (key = its source topic) and counts it. Its place is
     * the record being processed, or {@code topic} with no partition or offset where there is none (a punctuation).
     */
    public void forward(ProcessorContext<?, ?> context, String topic, String key, Object value, String reason) {
        DeadLetterEvent letter = letter(context, topic, key, value, reason);
        // the context's types are those of the processor's other children; the sink takes a letter
        @SuppressWarnings("unchecked")
        var anyChild = (ProcessorContext<String, DeadLetterEvent>) context;
        // the topic's own headers, not those of the record being processed
        anyChild.forward(new Record<>(letter.sourceTopic(), letter, context.currentSystemTimeMs(),
                Topics.DEAD_LETTER.headers()), sink());
    }

    /** The letter {@link #forward} sends, counted: the value as JSON (as text if JSON cannot write it). */
    DeadLetterEvent letter(ProcessorContext<?, ?> context, String topic, String key, Object value, String reason) {
        // in a punctuation Kafka Streams gives metadata with no topic and partition and offset -1: no place
        var metadata = context.recordMetadata().filter(m -> m.topic() != null);
        String json;
        try {
            json = Json.MAPPER.writeValueAsString(value);
        } catch (Exception e) {
            json = String.valueOf(value);
        }
        String sourceTopic = metadata.map(m -> m.topic()).orElse(topic);
        countFailed(service, sourceTopic);
        return DeadLetterSize.bounded(new DeadLetterEvent(Required.newEventId(),
                Instant.ofEpochMilli(context.currentSystemTimeMs()), service, sourceTopic,
                metadata.map(m -> m.partition()).orElse(null), metadata.map(m -> m.offset()).orElse(null), key, json,
                false, reason));
    }

    /** Counts one record that could not be processed (on the global registry, which Quarkus's Prometheus registry is part of). */
    static void countFailed(String service, String topic) {
        Metrics.counter(FAILED_METRIC, "service", service, "topic", topic).increment();
    }
}
