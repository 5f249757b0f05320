package io.nhp.pricing.catalog;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.nhp.contracts.Topic;
import io.nhp.contracts.TopicSnapshot;
import io.nhp.service.ProblemException;
import io.nhp.service.kafka.EventPublisher;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The latest version of every item of one compacted topic, which is the only store: the catalog is rebuilt from
 * the topic on start, and a change is in the catalog only once Kafka has acknowledged it (acks=all). Writes are
 * serialised so that versions increase one by one; pricing-service is the topics' single writer.
 */
abstract class CompactedCatalog<E> {

    /** {@code changedBy} of every shipped item's first version. */
    static final String SEED_AUTHOR = "seed";

    /** Longer than the producer's delivery timeout, so that a failed publish is known to have failed. */
    private static final Duration PUBLISH_TIMEOUT = Duration.ofSeconds(35);

    protected final Map<String, E> items = new ConcurrentHashMap<>();
    private final Topic<String, E> topic;
    private final EventPublisher publisher;
    private final String bootstrapServers;
    private final MeterRegistry registry;

    CompactedCatalog(Topic<String, E> topic, EventPublisher publisher, String bootstrapServers, MeterRegistry registry) {
        this.topic = topic;
        this.publisher = publisher;
        this.bootstrapServers = bootstrapServers;
        this.registry = registry;
    }

    /** The metric tag of an item: its kind of reference data. */
    abstract String kindOf(E item);

    abstract String keyOf(E item);

    /** Replaces the catalog with the latest record per key on the topic (a tombstone removes the key). */
    synchronized void rebuild() {
        items.clear();
        for (var record : TopicSnapshot.read(bootstrapServers, topic, Duration.ofSeconds(60))) {
            if (record.value() == null) {
                items.remove(record.key());
            } else {
                items.put(record.key(), record.value());
            }
        }
    }

    public Optional<E> byKey(String key) {
        return Optional.ofNullable(items.get(key));
    }

    /** Publishes a new version and, once acknowledged, makes it the current one. */
    synchronized E publish(E item) {
        String key = keyOf(item);
        try {
            publisher.publish(topic, key, item).await().atMost(PUBLISH_TIMEOUT);
        } catch (RuntimeException e) {
            throw ProblemException.unavailable("the change to '" + key + "' was not acknowledged by Kafka and is not "
                    + "recorded; retry later (" + e.getMessage() + ")");
        }
        items.put(key, item);
        changes(kindOf(item)).increment();
        return item;
    }

    private Counter changes(String kind) {
        return Counter.builder("nhp.reference.changes.published")
                .description("Reference data versions published (seed and admin changes)")
                .tag("kind", kind)
                .register(registry);
    }
}
