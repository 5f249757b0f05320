package io.nhp.service.kafka;

import java.util.Optional;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Interactive queries on a Kafka Streams application's key-value stores. When several instances share the work
 * ({@code kafka-streams.application.server} set), a key held by another instance is answered with where it is.
 * Each Streams service produces one (it needs the service's {@link KafkaStreams}).
 */
public class StoreQueries {

    /** What a query found. */
    public sealed interface Result<V> {
        /** The value under the key. */
        record Found<V>(V value) implements Result<V> {
        }

        /** Another instance holds the key: ask it at {@code host:port}. */
        record Elsewhere<V>(String host, int port) implements Result<V> {
        }

        /** Nothing under the key. */
        record NotFound<V>() implements Result<V> {
        }

        /** The store is not queryable yet (starting or rebalancing): try again shortly. */
        record NotReady<V>(String why) implements Result<V> {
        }
    }

    private final KafkaStreams streams;
    private final Optional<HostInfo> self;

    public StoreQueries(KafkaStreams streams, Optional<String> applicationServer) {
        this.streams = streams;
        this.self = applicationServer.map(HostInfo::buildFromEndpoint);
    }

    /** The value under {@code key} in a partitioned store. */
    public <V> Result<V> get(String storeName, String key) {
        if (self.isPresent()) {
            KeyQueryMetadata metadata;
            try {
                metadata = streams.queryMetadataForKey(storeName, key, Serdes.String().serializer());
            } catch (IllegalStateException e) {
                return new Result.NotReady<>(e.getMessage());
            }
            if (metadata == null || KeyQueryMetadata.NOT_AVAILABLE.equals(metadata)) {
                return new Result.NotReady<>("no instance holds " + storeName + " yet");
            }
            if (!metadata.activeHost().equals(self.get())) {
                return new Result.Elsewhere<>(metadata.activeHost().host(), metadata.activeHost().port());
            }
        }
        return getLocal(storeName, key);
    }

    /** The value under {@code key} in a store this instance has whole (a global store). */
    public <V> Result<V> getLocal(String storeName, String key) {
        try {
            ReadOnlyKeyValueStore<String, V> store = streams.store(
                    StoreQueryParameters.fromNameAndType(storeName, QueryableStoreTypes.<String, V>keyValueStore()));
            V value = store.get(key);
            return value == null ? new Result.NotFound<>() : new Result.Found<>(value);
        } catch (InvalidStateStoreException | IllegalStateException e) { // starting, rebalancing or stopping
            return new Result.NotReady<>(e.getMessage());
        }
    }

    /** This instance's part of a store, for gauges: every key it holds. */
    public <V> Optional<ReadOnlyKeyValueStore<String, V>> localStore(String storeName) {
        try {
            return Optional.of(streams.store(
                    StoreQueryParameters.fromNameAndType(storeName, QueryableStoreTypes.<String, V>keyValueStore())));
        } catch (InvalidStateStoreException | IllegalStateException e) { // starting, rebalancing or stopping
            return Optional.empty();
        }
    }
}
