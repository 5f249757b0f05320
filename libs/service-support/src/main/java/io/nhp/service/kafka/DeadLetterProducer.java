package io.nhp.service.kafka;

import io.nhp.contracts.Topics;
import io.nhp.contracts.events.DeadLetterEvent;
import io.nhp.contracts.serde.JsonSerde;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;

/**
 * How the Streams exception handlers write to {@code nhp.deadletter}: their own idempotent producer (acks=all) on
 * the application's brokers, created on the first dead letter (most runs never need it), each letter acknowledged
 * before the handler answers.
 */
final class DeadLetterProducer {

    static final long ACK_TIMEOUT_SECONDS = 30;

    private final Supplier<Producer<String, DeadLetterEvent>> factory;
    private Producer<String, DeadLetterEvent> producer;

    private DeadLetterProducer(Supplier<Producer<String, DeadLetterEvent>> factory) {
        this.factory = factory;
    }

    /** A producer configured from the Streams application's own settings (as a handler's {@code configure} gets them). */
    static DeadLetterProducer of(Map<String, ?> streamsConfigs) {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, streamsConfigs.get(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG));
        config.put(ProducerConfig.CLIENT_ID_CONFIG, serviceOf(streamsConfigs) + "-deadletter");
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        return new DeadLetterProducer(() -> new KafkaProducer<>(config, new StringSerializer(),
                new JsonSerde.JsonSerializer<>()));
    }

    /** Over a given producer (a unit test's). */
    static DeadLetterProducer over(Producer<String, DeadLetterEvent> producer) {
        return new DeadLetterProducer(() -> producer);
    }

    /** The service a handler works for: the Streams application id. */
    static String serviceOf(Map<String, ?> streamsConfigs) {
        return String.valueOf(streamsConfigs.get(StreamsConfig.APPLICATION_ID_CONFIG));
    }

    /** Writes the letter (key = the source topic) and waits for the broker's acknowledgement. */
    void send(DeadLetterEvent letter) throws Exception {
        producer().send(new ProducerRecord<>(Topics.DEAD_LETTER.name(), letter.sourceTopic(), letter))
                .get(ACK_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    private synchronized Producer<String, DeadLetterEvent> producer() {
        if (producer == null) {
            producer = factory.get();
        }
        return producer;
    }
}
