package io.nhp.kafka.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.nhp.contracts.Topic;
import io.nhp.contracts.Topics;
import io.nhp.contracts.events.DeadLetterEvent;
import io.nhp.contracts.serde.JsonSerde;
import java.time.Duration;
import java.time.Instant;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.Test;

/** A topology built on the registry's edges, fed and read through {@link DriverTopics}, with the topic's serdes throughout. */
class DriverTopicsTest {

    private static final Topic<String, DeadLetterEvent> COPIES = new Topic<>("test.deadletter.copies", Serdes.String(),
            new JsonSerde<>(DeadLetterEvent.class), DeadLetterEvent.class, 1, Topic.Cleanup.DELETE, Duration.ofDays(1), null);

    @Test
    void shouldCarryARecordThroughATopicsTableStoreAndSinkWithItsSerdes() {
        // given a table of the dead letters in store "letters", whose changes go to another topic
        StreamsBuilder builder = new StreamsBuilder();
        builder.table(Topics.DEAD_LETTER.name(), Topics.DEAD_LETTER.consumed(), Topics.DEAD_LETTER.materialized("letters"))
                .toStream().to(COPIES.name(), COPIES.produced());
        var props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "driver-topics-test");
        props.put(StreamsConfig.STATE_DIR_CONFIG, "target/kafka-streams-state");
        DeadLetterEvent letter = new DeadLetterEvent("e1", Instant.parse("2026-11-22T22:00:00Z"), "economics-service",
                Topics.DEVICES_STATUS.name(), 2, 42L, "d1", "{not json", false, "record is not valid JSON");

        try (var driver = new TopologyTestDriver(builder.build(), props)) {
            // when a dead letter comes
            DriverTopics.input(driver, Topics.DEAD_LETTER).pipeInput(letter.sourceTopic(), letter);

            // then it is in the store and on the other topic, read back whole
            assertThat(driver.<String, DeadLetterEvent>getKeyValueStore("letters").get(letter.sourceTopic()))
                    .isEqualTo(letter);
            assertThat(DriverTopics.output(driver, COPIES).readKeyValuesToList())
                    .containsExactly(KeyValue.pair(letter.sourceTopic(), letter));
        }
    }
}
