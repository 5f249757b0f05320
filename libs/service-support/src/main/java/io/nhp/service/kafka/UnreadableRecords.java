package io.nhp.service.kafka;

import io.micrometer.core.instrument.Metrics;
import io.nhp.contracts.Topic;
import io.nhp.contracts.Topics;
import io.nhp.contracts.events.DeadLetterEvent;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * How a plain consumer (a messaging channel, a start-up replay) reads a record of a platform topic: by the
 * topic's own serdes, and a record it cannot read is logged once with its place and cause, counted in
 * {@code nhp.records.unreadable{service,topic}} and sent to {@code nhp.deadletter} (a large one cut to fit, see
 * {@link DeadLetterSize}), as the Streams applications' {@link DeadLetteringDeserializationHandler} does. The
 * consumer goes on with the next record.
 */
@ApplicationScoped
public class UnreadableRecords {

    /** The counter of records a service could not read, by topic. */
    public static final String METRIC = "nhp.records.unreadable";

    private static final Logger LOG = Logger.getLogger(UnreadableRecords.class);

    private final String service;
    private final EventPublisher publisher;

    UnreadableRecords(@ConfigProperty(name = "quarkus.application.name") String service, EventPublisher publisher) {
        this.service = service;
        this.publisher = publisher;
    }

    /** The record decoded by {@code topic}'s serdes, or empty (and dead-lettered) when it cannot be read. */
    public <V> Optional<ConsumerRecord<String, V>> read(Topic<String, V> topic, ConsumerRecord<byte[], byte[]> raw) {
        try {
            return Optional.of(topic.read(raw));
        } catch (SerializationException e) {
            String reason = String.valueOf(e.getMessage());
            LOG.warnf("Unreadable record %s-%d@%d sent to %s: %s", raw.topic(), raw.partition(), raw.offset(),
                    Topics.DEAD_LETTER, reason);
            count(service, raw.topic());
            publisher.publish(Topics.DEAD_LETTER, raw.topic(),
                            DeadLetterSize.bounded(DeadLetterEvent.unreadable(service, raw, reason, Instant.now())))
                    .subscribe().with(sent -> { }, failure -> LOG.errorf(failure, "Cannot dead-letter %s-%d@%d",
                            raw.topic(), raw.partition(), raw.offset()));
            return Optional.empty();
        }
    }

    /** Counts one unreadable record (on the global registry, which Quarkus's Prometheus registry is part of). */
    static void count(String service, String topic) {
        Metrics.counter(METRIC, "service", service, "topic", topic).increment();
    }
}
