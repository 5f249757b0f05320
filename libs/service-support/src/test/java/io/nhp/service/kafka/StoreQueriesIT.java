package io.nhp.service.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.nhp.service.kafka.StoreQueries.Result;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.TimeWindows;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.WindowStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What a store query answers on a real Streams client: the value (a REST layer's 200), the instance that holds the
 * key (303), nothing (404), or not ready while the client is not running (503).
 */
class StoreQueriesIT {

    static final String PRICES = "prices";
    static final String COUNTS = "counts";
    /** What this client tells other instances it serves queries at. */
    static final String SERVER = "localhost:7070";

    private final TestStreams streams = new TestStreams("store-queries");

    @AfterEach
    void closeClients() {
        streams.close();
    }

    @Test
    void shouldFindAValueAndSayWhenThereIsNone() throws Exception {
        // given a running client whose table holds one price
        String input = streams.topic("prices");
        StoreQueries queries = started("found", input);
        streams.send(input, "h100", "2.49");

        // when / then the key it holds is found, another is not
        await().atMost(TestStreams.WAIT).until(() -> queries.get(PRICES, "h100") instanceof Result.Found<?>);
        assertThat(queries.<String>get(PRICES, "h100")).isEqualTo(new Result.Found<>("2.49"));
        assertThat(queries.<String>get(PRICES, "a100")).isEqualTo(new Result.NotFound<>());
        assertThat(queries.<String>getLocal(PRICES, "h100")).isEqualTo(new Result.Found<>("2.49"));
        assertThat(queries.localStore(PRICES)).isPresent();
    }

    @Test
    void shouldSendAQueryForAKeyAnotherInstanceHoldsToThatInstance() throws Exception {
        // given a running client serving queries at SERVER, holding every key
        String input = streams.topic("prices");
        KafkaStreams client = streams.client(prices(input), "elsewhere", server(SERVER));
        client.start();
        await().atMost(TestStreams.WAIT).until(() -> client.state() == KafkaStreams.State.RUNNING);

        // when an instance serving elsewhere asks for a key
        StoreQueries other = new StoreQueries(client, Optional.of("localhost:7071"));

        // then it is told where the key is (as a window query would be)
        assertThat(other.<String>get(PRICES, "h100")).isEqualTo(new Result.Elsewhere<>("localhost", 7070));
        assertThat(other.<Long>windows(COUNTS, "h100", Instant.EPOCH, Instant.now()))
                .isEqualTo(new Result.Elsewhere<>("localhost", 7070));
    }

    @Test
    void shouldNotBeReadyBeforeTheClientRunsNorOnceItIsClosed() throws Exception {
        // given a client not started yet, alone or one of several instances
        String input = streams.topic("prices");
        KafkaStreams client = streams.client(prices(input), "not-ready", server(SERVER));
        StoreQueries alone = new StoreQueries(client, Optional.empty());
        StoreQueries shared = new StoreQueries(client, Optional.of(SERVER));

        // when / then every query says not ready, none throws
        assertThat(alone.get(PRICES, "h100")).isInstanceOf(Result.NotReady.class);
        assertThat(shared.get(PRICES, "h100")).isInstanceOf(Result.NotReady.class);
        assertThat(alone.windows(COUNTS, "h100", Instant.EPOCH, Instant.now())).isInstanceOf(Result.NotReady.class);
        assertThat(alone.localStore(PRICES)).isEmpty();

        // and so once it has run and closed
        client.start();
        await().atMost(TestStreams.WAIT).until(() -> client.state() == KafkaStreams.State.RUNNING);
        client.close(Duration.ofSeconds(10));
        assertThat(alone.get(PRICES, "h100")).isInstanceOf(Result.NotReady.class);
        assertThat(shared.get(PRICES, "h100")).isInstanceOf(Result.NotReady.class);
    }

    @Test
    void shouldListTheWindowsOfAKeyOldestFirst() throws Exception {
        // given a running client counting records per key and minute
        String input = streams.topic("prices");
        StoreQueries queries = started("windows", input);
        for (String price : new String[] {"2.49", "2.59"}) {
            streams.send(input, "h100", price);
        }

        // when both are counted (in one minute's window, or two if a minute began between them)
        await().atMost(TestStreams.WAIT).until(() -> counted(queries.windows(COUNTS, "h100", Instant.EPOCH,
                Instant.now())) == 2);

        // then the windows of the key come oldest first, and another key has none
        var windows = ((Result.Found<List<KeyValue<Instant, Long>>>) queries.<Long>windows(COUNTS, "h100",
                Instant.EPOCH, Instant.now())).value();
        assertThat(windows).extracting(window -> window.key).isSorted();
        assertThat(queries.<Long>windows(COUNTS, "a100", Instant.EPOCH, Instant.now()))
                .isEqualTo(new Result.Found<>(List.of()));
    }

    /** The queries of a started client of {@link #prices} that serves them at {@link #SERVER}. */
    private StoreQueries started(String name, String input) {
        KafkaStreams client = streams.client(prices(input), name, server(SERVER));
        client.start();
        return new StoreQueries(client, Optional.of(SERVER));
    }

    /** A table of prices (store {@link #PRICES}) and its updates counted per key and minute (store {@link #COUNTS}). */
    private static Topology prices(String input) {
        StreamsBuilder builder = new StreamsBuilder();
        builder.table(input, Consumed.with(Serdes.String(), Serdes.String()),
                        Materialized.<String, String, KeyValueStore<Bytes, byte[]>>as(PRICES)
                                .withKeySerde(Serdes.String()).withValueSerde(Serdes.String()).withCachingDisabled())
                .toStream()
                .groupByKey(Grouped.with(Serdes.String(), Serdes.String()))
                .windowedBy(TimeWindows.ofSizeWithNoGrace(Duration.ofMinutes(1)))
                .count(Materialized.<String, Long, WindowStore<Bytes, byte[]>>as(COUNTS)
                        .withKeySerde(Serdes.String()).withValueSerde(Serdes.Long()));
        return builder.build();
    }

    private static long counted(Result<List<KeyValue<Instant, Long>>> result) {
        return result instanceof Result.Found<List<KeyValue<Instant, Long>>> found
                ? found.value().stream().mapToLong(window -> window.value).sum() : 0;
    }

    private static Properties server(String endpoint) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_SERVER_CONFIG, endpoint);
        return props;
    }
}
