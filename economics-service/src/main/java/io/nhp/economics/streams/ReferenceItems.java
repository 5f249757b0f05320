package io.nhp.economics.streams;

import io.nhp.contracts.Topics;
import io.nhp.contracts.events.ReferenceDataEvent;
import io.nhp.contracts.events.ReferenceKind;
import io.nhp.economics.domain.PriceBook;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * Every reference item ({@code nhp.reference.prices}: cloud offers, token tiers, regions, constants…) in a global
 * store, whole on every instance: jobs, capacity and projections are partitioned differently and all read it.
 * Rebuilt from the compacted topic at start (it is small), so it is kept in memory.
 */
public final class ReferenceItems {

    /** Latest version of every reference item, by topic key ({@code kind:id}). */
    public static final String STORE = "reference-items";

    private ReferenceItems() {
    }

    public static Topology addTo(Topology topology) {
        return topology.addGlobalStore(
                Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(STORE), Serdes.String(),
                        Topics.REFERENCE_PRICES.valueSerde()).withLoggingDisabled(),
                "reference-items-source",
                Topics.REFERENCE_PRICES.keySerde().deserializer(), Topics.REFERENCE_PRICES.valueSerde().deserializer(),
                Topics.REFERENCE_PRICES.name(), "reference-items-update", Update::new);
    }

    /** The prices in the store, as they stood at any time. */
    public static PriceBook priceBook(ReadOnlyKeyValueStore<String, ReferenceDataEvent> store) {
        return new PriceBook(store::get, kind -> ofKind(store, kind));
    }

    private static List<ReferenceDataEvent> ofKind(ReadOnlyKeyValueStore<String, ReferenceDataEvent> store,
                                                   ReferenceKind kind) {
        List<ReferenceDataEvent> items = new ArrayList<>();
        try (KeyValueIterator<String, ReferenceDataEvent> it =
                     store.prefixScan(kind.keyPrefix() + ":", Serdes.String().serializer())) {
            it.forEachRemaining(kv -> items.add(kv.value));
        }
        return items;
    }

    /** Keeps the store equal to the topic: latest version per key, tombstones remove. */
    private static final class Update implements Processor<String, ReferenceDataEvent, Void, Void> {

        private KeyValueStore<String, ReferenceDataEvent> store;

        @Override
        public void init(ProcessorContext<Void, Void> context) {
            store = context.getStateStore(STORE);
        }

        @Override
        public void process(Record<String, ReferenceDataEvent> record) {
            if (record.value() == null) {
                store.delete(record.key());
            } else {
                store.put(record.key(), record.value());
            }
        }
    }
}
