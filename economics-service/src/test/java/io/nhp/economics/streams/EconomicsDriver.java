package io.nhp.economics.streams;

import io.nhp.contracts.Topic;
import io.nhp.contracts.Topics;
import io.nhp.contracts.events.DeviceStatusEvent;
import io.nhp.contracts.events.JobCompletedEvent;
import io.nhp.contracts.events.ReferenceDataEvent;
import io.nhp.kafka.testkit.DriverTopics;
import io.nhp.modeldata.ModelData;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;

/** The service's whole topology on a {@link TopologyTestDriver}, with the shipped reference data loaded. */
final class EconomicsDriver implements AutoCloseable {

    /** When the reference data took effect: well before any job of the tests. */
    static final Instant SEEDED = Instant.parse("2026-11-01T00:00:00Z");
    static final LedgerTopology.Settings SETTINGS = new LedgerTopology.Settings("moderate", Duration.ofSeconds(5),
            Duration.ofMinutes(10), Duration.ofDays(400));

    final TopologyTestDriver driver;
    final TestInputTopic<String, ReferenceDataEvent> prices;
    final TestInputTopic<String, DeviceStatusEvent> status;
    final TestInputTopic<String, JobCompletedEvent> completions;

    EconomicsDriver(Instant wallClock) {
        this(wallClock, SETTINGS);
    }

    EconomicsDriver(Instant wallClock, LedgerTopology.Settings settings) {
        var props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "economics-test");
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        // not the default /tmp/kafka-streams/economics-test, whose RocksDB locks every checkout on the machine shares
        props.put(StreamsConfig.STATE_DIR_CONFIG, "target/kafka-streams-state");
        driver = new TopologyTestDriver(TopologyProducer.build(settings), props, wallClock);
        prices = input(Topics.REFERENCE_PRICES);
        status = input(Topics.DEVICES_STATUS);
        completions = input(Topics.JOBS_COMPLETED);
        seed().forEach(item -> prices.pipeInput(item.key(), item, SEEDED));
    }

    /** Every shipped reference item as version 1, in force since {@link #SEEDED}. */
    static List<ReferenceDataEvent> seed() {
        return ModelData.referenceItems().stream()
                .map(i -> new ReferenceDataEvent("seed-" + i.id(), SEEDED, i.kind(), i.id(), 1L, SEEDED, "seed",
                        i.data(), List.of()))
                .toList();
    }

    <V> TestInputTopic<String, V> input(Topic<String, V> topic) {
        return DriverTopics.input(driver, topic);
    }

    <V> TestOutputTopic<String, V> output(Topic<String, V> topic) {
        return DriverTopics.output(driver, topic);
    }

    void advance(Duration duration) {
        driver.advanceWallClockTime(duration);
    }

    @Override
    public void close() {
        driver.close();
    }
}
