package io.nhp.economics.streams;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/** Interactive queries on this instance's key-value stores (every store here has one partition or one instance). */
@ApplicationScoped
public class StoreQueries {

    /** What a query found. */
    public sealed interface Result<V> {
        /** The value under the key. */
        record Found<V>(V value) implements Result<V> {
        }

        /** Nothing under the key. */
        record NotFound<V>() implements Result<V> {
        }

        /** The store is not queryable yet (starting or rebalancing): try again shortly. */
        record NotReady<V>(String why) implements Result<V> {
        }
    }

    private final KafkaStreams streams;

    StoreQueries(KafkaStreams streams) {
        this.streams = streams;
    }

    public <V> Result<V> get(String storeName, String key) {
        try {
            ReadOnlyKeyValueStore<String, V> store = streams.store(
                    StoreQueryParameters.fromNameAndType(storeName, QueryableStoreTypes.<String, V>keyValueStore()));
            return Optional.ofNullable(store.get(key))
                    .<Result<V>>map(Result.Found::new)
                    .orElseGet(Result.NotFound::new);
        } catch (InvalidStateStoreException e) {
            return new Result.NotReady<>(e.getMessage());
        }
    }
}
