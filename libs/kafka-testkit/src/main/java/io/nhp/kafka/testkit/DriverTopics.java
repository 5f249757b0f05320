package io.nhp.kafka.testkit;

import io.nhp.contracts.Topic;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;

/**
 * A platform topic on a {@link TopologyTestDriver}, written and read with the topic's own serdes, as its producers
 * write it and its consumers read it.
 */
public final class DriverTopics {

    private DriverTopics() {
    }

    /** What a topology test pipes into {@code topic}. */
    public static <K, V> TestInputTopic<K, V> input(TopologyTestDriver driver, Topic<K, V> topic) {
        return driver.createInputTopic(topic.name(), topic.keySerde().serializer(), topic.valueSerde().serializer());
    }

    /** What a topology test reads back from {@code topic}. */
    public static <K, V> TestOutputTopic<K, V> output(TopologyTestDriver driver, Topic<K, V> topic) {
        return driver.createOutputTopic(topic.name(), topic.keySerde().deserializer(), topic.valueSerde().deserializer());
    }
}
