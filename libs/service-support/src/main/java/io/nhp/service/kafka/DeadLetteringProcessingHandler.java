package io.nhp.service.kafka;

import io.nhp.contracts.Topics;
import io.nhp.contracts.events.DeadLetterEvent;
import io.nhp.contracts.serde.Json;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Locale;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.jboss.logging.Logger;

/**
 * A record a Kafka Streams processor throws on goes to {@code nhp.deadletter} with the reason (processor, topic,
 * partition and offset, exception), and the pipeline goes on with the next record; so does a record whose output
 * cannot be serialized. The dead letter carries the source record's bytes as they were read, so it can be replayed
 * once the cause is fixed. Each is logged once with its place and cause and counted in
 * {@code nhp.records.failed{service,topic}}. If the dead letter itself cannot be written, processing stops rather
 * than lose the record (the client goes to ERROR and readiness goes DOWN, see {@link StreamsReadiness}).
 *
 * <p>Set it with {@code kafka-streams.processing.exception.handler} and
 * {@code kafka-streams.production.exception.handler}; records that cannot be read are
 * {@link DeadLetteringDeserializationHandler}'s.
 *
 * <p>Under {@code exactly_once_v2} the dead letter is written by this handler's own producer, outside the Streams
 * transaction: it is committed at once, whatever becomes of the transaction. If the transaction is then aborted
 * (a crash, a fenced instance) the record is processed again and, failing again, dead-lettered again: dead letters
 * are at least once, and a consumer of {@code nhp.deadletter} may see the same source offset twice. Whatever the
 * failing processor wrote before it threw (a store, a forwarded record) stays in the transaction, so processors
 * check their input before they change anything. A record a processor knows it cannot use it dead-letters itself,
 * inside the transaction, through {@link DeadLetters}.
 */
public class DeadLetteringProcessingHandler extends DeadLetteringHandler
        implements ProcessingExceptionHandler, ProductionExceptionHandler {

    private static final Logger LOG = Logger.getLogger(DeadLetteringProcessingHandler.class);

    /** As Kafka Streams creates it: the dead letters go to the application's own brokers. */
    public DeadLetteringProcessingHandler() {
        this(null);
    }

    /** Writing its dead letters with the given producer (a unit test's). */
    DeadLetteringProcessingHandler(Producer<String, DeadLetterEvent> producer) {
        super(producer);
    }

    @Override
    public ProcessingHandlerResponse handle(ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
        String reason = "processor " + context.processorNodeId() + " failed on " + place(context) + ": "
                + describe(exception);
        return deadLetter(context, record == null ? null : record.value(), reason, exception)
                ? ProcessingHandlerResponse.CONTINUE : ProcessingHandlerResponse.FAIL;
    }

    @Override
    @SuppressWarnings("rawtypes")
    public ProductionExceptionHandlerResponse handleSerializationException(ErrorHandlerContext context,
                                                                           ProducerRecord record, Exception exception,
                                                                           SerializationExceptionOrigin origin) {
        String reason = "processor " + context.processorNodeId() + " could not write the " + origin.name().toLowerCase(Locale.ROOT)
                + " of its output to " + record.topic() + " for " + place(context) + ": " + describe(exception);
        return deadLetter(context, record.value(), reason, exception)
                ? ProductionExceptionHandlerResponse.CONTINUE : ProductionExceptionHandlerResponse.FAIL;
    }

    /**
     * A record the brokers refused is left to Kafka's default (retry what is retriable, else fail): under
     * {@code exactly_once_v2} a failed send has already doomed the transaction, so going on would not skip just
     * that record.
     */
    @Override
    public ProductionExceptionHandlerResponse handle(ErrorHandlerContext context, ProducerRecord<byte[], byte[]> record,
                                                     Exception exception) {
        return exception instanceof RetriableException
                ? ProductionExceptionHandlerResponse.RETRY : ProductionExceptionHandlerResponse.FAIL;
    }

    /** Whether the failure is dealt with: dead-lettered, or (in a punctuation, with no record) logged and counted. */
    private boolean deadLetter(ErrorHandlerContext context, Object value, String reason, Exception exception) {
        String topic = context.topic();
        if (topic == null) {
            // a punctuation: no source record to keep; it runs again at its next interval
            DeadLetters.countFailed(service, "none");
            LOG.errorf(exception, "Punctuation failed, going on: %s", reason);
            return true;
        }
        DeadLetters.countFailed(service, topic);
        byte[] bytes = context.sourceRawValue() != null ? context.sourceRawValue() : json(value);
        var source = new ConsumerRecord<>(topic, context.partition(), context.offset(), context.sourceRawKey(), bytes);
        try {
            deadLetters.send(DeadLetterEvent.unreadable(service, source, reason, Instant.now()));
            LOG.warnf(exception, "Sent to %s: %s", Topics.DEAD_LETTER, reason);
            return true;
        } catch (Exception e) {
            LOG.errorf(e, "Cannot dead-letter the record (%s); stopping rather than losing it", reason);
            return false;
        }
    }

    private static String place(ErrorHandlerContext context) {
        return context.topic() == null ? "a punctuation of task " + context.taskId()
                : context.topic() + "-" + context.partition() + "@" + context.offset();
    }

    private static String describe(Exception exception) {
        return exception.getClass().getSimpleName()
                + (exception.getMessage() == null ? "" : ": " + exception.getMessage());
    }

    /** The value as JSON where the source bytes are not at hand, or as text if even that fails. */
    private static byte[] json(Object value) {
        if (value == null) {
            return null;
        }
        try {
            return Json.MAPPER.writeValueAsBytes(value);
        } catch (Exception e) {
            return String.valueOf(value).getBytes(StandardCharsets.UTF_8);
        }
    }
}
