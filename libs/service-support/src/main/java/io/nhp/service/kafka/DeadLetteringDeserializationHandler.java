package io.nhp.service.kafka;

import io.nhp.contracts.Topics;
import io.nhp.contracts.events.DeadLetterEvent;
import io.nhp.contracts.serde.JsonSerde;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.jboss.logging.Logger;

/**
 * A record a Kafka Streams application cannot read goes to {@code nhp.deadletter} with the reason, and the
 * pipeline goes on. If the dead letter itself cannot be written, processing stops rather than lose the record.
 * Set it with {@code kafka-streams.deserialization.exception.handler}.
 */
public class DeadLetteringDeserializationHandler implements DeserializationExceptionHandler {

    private static final Logger LOG = Logger.getLogger(DeadLetteringDeserializationHandler.class);

    private final Map<String, Object> producerConfig = new HashMap<>();
    private String service;
    private KafkaProducer<String, DeadLetterEvent> producer;

    @Override
    public void configure(Map<String, ?> configs) {
        service = String.valueOf(configs.get(StreamsConfig.APPLICATION_ID_CONFIG));
        producerConfig.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, configs.get(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG));
        producerConfig.put(ProducerConfig.CLIENT_ID_CONFIG, service + "-deadletter");
        producerConfig.put(ProducerConfig.ACKS_CONFIG, "all");
        producerConfig.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    }

    @Override
    public DeserializationHandlerResponse handle(ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record,
                                                 Exception exception) {
        UnreadableRecords.count(service, record.topic());
        var deadLetter = DeadLetterEvent.unreadable(service, record, String.valueOf(exception.getMessage()), Instant.now());
        try {
            producer().send(new ProducerRecord<>(Topics.DEAD_LETTER.name(), record.topic(), deadLetter))
                    .get(30, TimeUnit.SECONDS);
            LOG.warnf("Unreadable record %s-%d@%d sent to %s: %s", record.topic(), record.partition(),
                    record.offset(), Topics.DEAD_LETTER, exception.getMessage());
            return DeserializationHandlerResponse.CONTINUE;
        } catch (Exception e) {
            LOG.errorf(e, "Cannot dead-letter %s-%d@%d; stopping rather than losing it", record.topic(),
                    record.partition(), record.offset());
            return DeserializationHandlerResponse.FAIL;
        }
    }

    /** Created on the first unreadable record: most runs never need it. */
    private synchronized KafkaProducer<String, DeadLetterEvent> producer() {
        if (producer == null) {
            producer = new KafkaProducer<>(producerConfig, new StringSerializer(), new JsonSerde.JsonSerializer<>());
        }
        return producer;
    }
}
