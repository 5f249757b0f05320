package io.nhp.pricing.catalog;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.nhp.contracts.Topic;
import io.nhp.contracts.TopicSnapshot;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The latest version of every item of one compacted topic, which is the only store: the catalog is rebuilt from
 * the topic on start, and a change is in the catalog only once Kafka has committed it. Writes are serialised so
 * that versions increase one by one, and only the instance that holds the {@link SingleWriter} writes.
 */
abstract class CompactedCatalog<E> {

    /** {@code changedBy} of every shipped item's first version. */
    static final String SEED_AUTHOR = "seed";

    protected final Map<String, E> items = new ConcurrentHashMap<>();
    private final Topic<String, E> topic;
    private final SingleWriter writer;
    private final String bootstrapServers;
    private final MeterRegistry registry;

    CompactedCatalog(Topic<String, E> topic, SingleWriter writer, String bootstrapServers, MeterRegistry registry) {
        this.topic = topic;
        this.writer = writer;
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

    /** Publishes a new version and, once committed, makes it the current one (503 when it cannot be). */
    synchronized E publish(E item) {
        String key = keyOf(item);
        writer.write(topic, key, item);
        items.put(key, item);
        changes(kindOf(item)).increment();
        return item;
    }

    /** Publishes new versions of several items in one transaction (all or none); see {@link #publish}. */
    synchronized void publishAll(List<E> batch) {
        if (batch.isEmpty()) {
            return;
        }
        Map<String, E> byKey = new LinkedHashMap<>();
        batch.forEach(item -> byKey.put(keyOf(item), item));
        writer.writeAll(topic, byKey);
        items.putAll(byKey);
        batch.forEach(item -> changes(kindOf(item)).increment());
    }

    private Counter changes(String kind) {
        return Counter.builder("nhp.reference.changes.published")
                .description("Reference data versions published (seed and admin changes)")
                .tag("kind", kind)
                .register(registry);
    }
}
