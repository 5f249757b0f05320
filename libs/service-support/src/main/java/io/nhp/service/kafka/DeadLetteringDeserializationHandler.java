package io.nhp.service.kafka;

import io.nhp.contracts.Topics;
import io.nhp.contracts.events.DeadLetterEvent;
import java.time.Instant;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.jboss.logging.Logger;

/**
 * A record a Kafka Streams application cannot read goes to {@code nhp.deadletter} with the reason (a large one cut
 * to fit, see {@link DeadLetterSize}), and the pipeline goes on. If the dead letter itself cannot be written,
 * processing stops rather than lose the record.
 * Set it with {@code kafka-streams.deserialization.exception.handler}; a record that is read but cannot be
 * processed is {@link DeadLetteringProcessingHandler}'s.
 */
public class DeadLetteringDeserializationHandler extends DeadLetteringHandler
        implements DeserializationExceptionHandler {

    private static final Logger LOG = Logger.getLogger(DeadLetteringDeserializationHandler.class);

    /** As Kafka Streams creates it: the dead letters go to the application's own brokers. */
    public DeadLetteringDeserializationHandler() {
        this(null);
    }

    /** Writing its dead letters with the given producer (a unit test's). */
    DeadLetteringDeserializationHandler(Producer<String, DeadLetterEvent> producer) {
        super(producer);
    }

    @Override
    public DeserializationHandlerResponse handle(ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record,
                                                 Exception exception) {
        UnreadableRecords.count(service, record.topic());
        var deadLetter = DeadLetterEvent.unreadable(service, record, String.valueOf(exception.getMessage()), Instant.now());
        try {
            deadLetters.send(deadLetter);
            LOG.warnf("Unreadable record %s-%d@%d sent to %s: %s", record.topic(), record.partition(),
                    record.offset(), Topics.DEAD_LETTER, exception.getMessage());
            return DeserializationHandlerResponse.CONTINUE;
        } catch (Exception e) {
            LOG.errorf(e, "Cannot dead-letter %s-%d@%d; stopping rather than losing it", record.topic(),
                    record.partition(), record.offset());
            return DeserializationHandlerResponse.FAIL;
        }
    }
}
