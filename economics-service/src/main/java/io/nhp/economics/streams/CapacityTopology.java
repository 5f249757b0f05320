package io.nhp.economics.streams;

import io.nhp.contracts.Topics;
import io.nhp.contracts.events.CapacityEvent;
import io.nhp.contracts.fleet.Fleet;
import io.nhp.contracts.fleet.FleetCounts;
import io.nhp.economics.domain.Capacity;
import io.nhp.economics.domain.PriceBook;
import io.nhp.service.kafka.FleetTables;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * Device statuses → live fleet capacity per partner and per partner × region ({@code nhp.economics.capacity}, and
 * the store behind {@code GET /api/v1/capacity/{partner}}). Every registration emits a status, so the latest status
 * per device is the whole registered fleet. Each device's status is added to its partner's fleet and the status it
 * replaces subtracted, so every device counts once; a changed fleet is published at most once per
 * {@link #PUBLISH_EVERY} per key, only the keys whose counts changed.
 */
public final class CapacityTopology {

    /** Fleet (total and by region) per partner. */
    public static final String CAPACITY_STORE = "capacity-by-partner";
    /** Latest status per device: the table whose changes drive the counts. */
    public static final String DEVICE_STATUS_STORE = "device-status";
    /** Partners whose fleet changed since it was last published (a store, so the mark survives a crash). */
    static final String PENDING_STORE = "capacity-pending";
    /** Each partner's fleet as last published, to publish only what changed. */
    static final String PUBLISHED_STORE = "capacity-published";
    public static final Duration PUBLISH_EVERY = Duration.ofSeconds(1);
    /** How often held-back fleets are looked at. */
    static final Duration CHECK_EVERY = Duration.ofMillis(100);

    static final Serde<Fleet> FLEET_SERDE = FleetTables.FLEET_SERDE;

    private CapacityTopology() {
    }

    public static void addTo(StreamsBuilder builder) {
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(PENDING_STORE),
                Serdes.String(), FLEET_SERDE));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(PUBLISHED_STORE),
                Serdes.String(), FLEET_SERDE));
        FleetTables.byPartner(builder, DEVICE_STATUS_STORE, CAPACITY_STORE)
                .toStream()
                .process(Publisher::new, Named.as("capacity-publisher"), PENDING_STORE, PUBLISHED_STORE)
                .to(Topics.ECONOMICS_CAPACITY.name(), Topics.ECONOMICS_CAPACITY.produced());
    }

    /** The capacity events that say how {@code next} differs from {@code published}: tombstones for vanished regions. */
    static List<KeyValue<String, CapacityEvent>> changes(String partner, Fleet published, Fleet next,
                                                        PriceBook prices, Instant now) {
        List<KeyValue<String, CapacityEvent>> events = new ArrayList<>();
        if (published == null || !Capacity.same(published.total(), next.total())) {
            events.add(KeyValue.pair(partner, Capacity.of(partner, null, next.total(), next.asOf(), prices, now)));
        }
        for (Map.Entry<String, FleetCounts> region : next.regions().entrySet()) {
            FleetCounts before = published == null ? null : published.regions().get(region.getKey());
            if (!Capacity.same(before, region.getValue())) {
                events.add(KeyValue.pair(CapacityEvent.key(partner, region.getKey()),
                        Capacity.of(partner, region.getKey(), region.getValue(), next.asOf(), prices, now)));
            }
        }
        if (published != null) {
            published.regions().keySet().stream().filter(r -> !next.regions().containsKey(r))
                    .forEach(r -> events.add(KeyValue.pair(CapacityEvent.key(partner, r), null)));
        }
        return events;
    }

    /**
     * Publishes a changed fleet at once when its key has not been published for {@link #PUBLISH_EVERY}, and
     * otherwise holds it back until that second is over (checked every {@link #CHECK_EVERY}): a lone change is seen
     * within milliseconds, a flapping fleet still at most once a second.
     */
    private static final class Publisher implements Processor<String, Fleet, String, CapacityEvent> {

        private ProcessorContext<String, CapacityEvent> context;
        private KeyValueStore<String, Fleet> pending;
        private KeyValueStore<String, Fleet> published;
        private PriceBook prices;
        /** When each key was last published (in memory: after a restart a key may be published once early). */
        private final Map<String, Long> lastPublishedMs = new HashMap<>();

        @Override
        public void init(ProcessorContext<String, CapacityEvent> context) {
            this.context = context;
            this.pending = context.getStateStore(PENDING_STORE);
            this.published = context.getStateStore(PUBLISHED_STORE);
            this.prices = ReferenceItems.priceBook(context.getStateStore(ReferenceItems.STORE));
            context.schedule(CHECK_EVERY, PunctuationType.WALL_CLOCK_TIME, this::publishDue);
        }

        @Override
        public void process(Record<String, Fleet> record) {
            if (record.value() == null) {
                return;
            }
            long now = context.currentSystemTimeMs();
            if (due(record.key(), now)) {
                publish(record.key(), record.value(), now);
            } else {
                pending.put(record.key(), record.value());
            }
        }

        private void publishDue(long nowMs) {
            List<KeyValue<String, Fleet>> held = new ArrayList<>();
            try (KeyValueIterator<String, Fleet> it = pending.all()) {
                it.forEachRemaining(held::add);
            }
            for (KeyValue<String, Fleet> partner : held) {
                if (due(partner.key, nowMs)) {
                    publish(partner.key, partner.value, nowMs);
                }
            }
        }

        private boolean due(String partner, long nowMs) {
            Long last = lastPublishedMs.get(partner);
            return last == null || nowMs - last >= PUBLISH_EVERY.toMillis();
        }

        private void publish(String partner, Fleet fleet, long nowMs) {
            List<KeyValue<String, CapacityEvent>> events = changes(partner, published.get(partner), fleet, prices,
                    Instant.ofEpochMilli(nowMs));
            for (KeyValue<String, CapacityEvent> event : events) {
                context.forward(new Record<>(event.key, event.value, nowMs));
            }
            published.put(partner, fleet);
            pending.delete(partner);
            if (!events.isEmpty()) {
                lastPublishedMs.put(partner, nowMs);
            }
        }
    }
}
