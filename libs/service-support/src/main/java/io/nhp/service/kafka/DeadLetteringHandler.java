package io.nhp.service.kafka;

import io.nhp.contracts.events.DeadLetterEvent;
import java.util.Map;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.Configurable;

/** What the two Kafka Streams handlers share: the service they run in, and the producer of their dead letters. */
abstract class DeadLetteringHandler implements Configurable {

    /** A unit test's producer, or null for one on the application's own brokers. */
    private final Producer<String, DeadLetterEvent> given;
    protected String service;
    protected DeadLetterProducer deadLetters;

    DeadLetteringHandler(Producer<String, DeadLetterEvent> given) {
        this.given = given;
    }

    @Override
    public void configure(Map<String, ?> configs) {
        service = DeadLetterProducer.serviceOf(configs);
        deadLetters = given == null ? DeadLetterProducer.of(configs) : DeadLetterProducer.over(given);
    }
}
