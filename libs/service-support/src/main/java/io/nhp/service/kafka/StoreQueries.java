package io.nhp.service.kafka;

import jakarta.ws.rs.core.UriBuilder;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

/**
 * Interactive queries on a Kafka Streams application's key-value and window stores. When several instances share the work
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
            /** {@code request}'s path and query (absolute or not) at that instance. */
            public URI at(URI request) {
                return UriBuilder.fromUri(request).scheme("http").host(host).port(port).build();
            }
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

    /** The value under {@code key} in a partitioned key-value store. */
    public <V> Result<V> get(String storeName, String key) {
        Route<V> route = route(storeName, key);
        return route.answer() != null ? route.answer() : getLocal(storeName, key);
    }

    /**
     * {@link #get(String, String)} in a store keyed as a topic of {@code partitions} partitions (Kafka's default
     * partitioner): only the key's own partition is read, not every partition this instance holds (on the
     * heartbeat path that was one lookup and one decoding per partition). With several instances the partition is
     * Kafka Streams' own answer; alone, the key's partition among {@code partitions}.
     */
    public <V> Result<V> get(String storeName, String key, int partitions) {
        Route<V> route = route(storeName, key);
        if (route.answer() != null) {
            return route.answer();
        }
        int partition = route.partition() >= 0 ? route.partition()
                : Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitions;
        return get(StoreQueryParameters.fromNameAndType(storeName, QueryableStoreTypes.<String, V>keyValueStore())
                .withPartition(partition), key);
    }

    /**
     * The values under {@code key} in a partitioned window store, by window start, for the windows starting in
     * {@code [from, to]}, oldest first (an empty list is found too: nothing in that time).
     */
    public <V> Result<List<KeyValue<Instant, V>>> windows(String storeName, String key, Instant from, Instant to) {
        Route<List<KeyValue<Instant, V>>> route = route(storeName, key);
        if (route.answer() != null) {
            return route.answer();
        }
        try {
            ReadOnlyWindowStore<String, V> store = streams.store(
                    StoreQueryParameters.fromNameAndType(storeName, QueryableStoreTypes.<String, V>windowStore()));
            List<KeyValue<Instant, V>> found = new ArrayList<>();
            try (WindowStoreIterator<V> it = store.fetch(key, from, to)) {
                it.forEachRemaining(kv -> found.add(KeyValue.pair(Instant.ofEpochMilli(kv.key), kv.value)));
            }
            return new Result.Found<>(found);
        } catch (InvalidStateStoreException | IllegalStateException e) { // starting, rebalancing or stopping
            return new Result.NotReady<>(e.getMessage());
        }
    }

    /**
     * Where {@code key} of a partitioned store is: an answer when another instance (or none yet) holds it, else its
     * partition here (-1 when this instance runs alone and Kafka Streams keeps no metadata).
     */
    private record Route<T>(Result<T> answer, int partition) {
    }

    private <T> Route<T> route(String storeName, String key) {
        if (self.isEmpty()) {
            return new Route<>(null, -1);
        }
        KeyQueryMetadata metadata;
        try {
            metadata = streams.queryMetadataForKey(storeName, key, Serdes.String().serializer());
        } catch (InvalidStateStoreException | IllegalStateException e) { // not started yet (StreamsNotStarted), or stopped
            return new Route<>(new Result.NotReady<>(e.getMessage()), -1);
        }
        if (metadata == null || KeyQueryMetadata.NOT_AVAILABLE.equals(metadata)) {
            return new Route<>(new Result.NotReady<>("no instance holds " + storeName + " yet"), -1);
        }
        if (!metadata.activeHost().equals(self.get())) {
            return new Route<>(new Result.Elsewhere<>(metadata.activeHost().host(), metadata.activeHost().port()), -1);
        }
        return new Route<>(null, metadata.partition());
    }

    /** The value under {@code key} in a store this instance has whole (a global store). */
    public <V> Result<V> getLocal(String storeName, String key) {
        return get(StoreQueryParameters.fromNameAndType(storeName, QueryableStoreTypes.<String, V>keyValueStore()), key);
    }

    private <V> Result<V> get(StoreQueryParameters<ReadOnlyKeyValueStore<String, V>> parameters, String key) {
        try {
            V value = streams.store(parameters).get(key);
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

    /** This instance's part of a window store, for gauges. */
    public <V> Optional<ReadOnlyWindowStore<String, V>> localWindowStore(String storeName) {
        try {
            return Optional.of(streams.store(
                    StoreQueryParameters.fromNameAndType(storeName, QueryableStoreTypes.<String, V>windowStore())));
        } catch (InvalidStateStoreException | IllegalStateException e) { // starting, rebalancing or stopping
            return Optional.empty();
        }
    }
}
