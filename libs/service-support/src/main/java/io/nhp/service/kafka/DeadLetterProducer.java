package io.nhp.service.kafka;

import io.nhp.contracts.Topics;
import io.nhp.contracts.events.DeadLetterEvent;
import io.nhp.contracts.serde.JsonSerde;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.jboss.logging.Logger;

/**
 * How the Streams exception handlers write to {@code nhp.deadletter}: their own idempotent producer (acks=all) on
 * the application's brokers, created on the first dead letter (most runs never need it), each letter kept within
 * Kafka's size limits ({@link DeadLetterSize}) and acknowledged before the handler answers. Kafka Streams never
 * closes its handlers, so every producer made is flushed and closed by {@link #closeAll()} once the application
 * has closed its Streams client ({@link DeadLetterProducerShutdown}).
 */
final class DeadLetterProducer {

    static final long ACK_TIMEOUT_SECONDS = 30;
    static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);

    private static final Logger LOG = Logger.getLogger(DeadLetterProducer.class);
    /** Every producer made and not closed yet, of every handler of the application. */
    private static final Set<DeadLetterProducer> OPEN = ConcurrentHashMap.newKeySet();

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

    /** Writes the letter within bounds (key = the source topic) and waits for the broker's acknowledgement. */
    void send(DeadLetterEvent letter) throws Exception {
        DeadLetterEvent bounded = DeadLetterSize.bounded(letter);
        producer().send(new ProducerRecord<>(Topics.DEAD_LETTER.name(), bounded.sourceTopic(), bounded))
                .get(ACK_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    /** Flushes and closes every producer the handlers made (a later letter would make a new one). */
    static void closeAll() {
        OPEN.forEach(DeadLetterProducer::close);
    }

    private synchronized Producer<String, DeadLetterEvent> producer() {
        if (producer == null) {
            producer = factory.get();
            OPEN.add(this);
        }
        return producer;
    }

    private synchronized void close() {
        if (producer == null) {
            return;
        }
        try {
            producer.flush();
            producer.close(CLOSE_TIMEOUT);
        } catch (RuntimeException e) {
            LOG.warnf(e, "Dead-letter producer did not close cleanly");
        } finally {
            producer = null;
            OPEN.remove(this);
        }
    }
}
