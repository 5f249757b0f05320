package io.nhp.service.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.nhp.contracts.Topics;
import io.nhp.contracts.events.DeadLetterEvent;
import io.nhp.contracts.serde.JsonSerde;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler.ProcessingHandlerResponse;
import org.apache.kafka.streams.errors.ProductionExceptionHandler.ProductionExceptionHandlerResponse;
import org.apache.kafka.streams.errors.ProductionExceptionHandler.SerializationExceptionOrigin;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.Record;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The processing and production handler alone: what it writes, answers, logs and counts (no broker). */
class DeadLetteringProcessingHandlerTest {

    private static final String POISON = "{\"jobId\":\"j1\",\"gpuSeconds\":1e400}";

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private MockProducer<String, DeadLetterEvent> producer;
    private DeadLetteringProcessingHandler handler;

    @BeforeEach
    void setUp() {
        Metrics.addRegistry(meters);
        producer = new MockProducer<>(true, null, new StringSerializer(), new JsonSerde.JsonSerializer<>());
        handler = new DeadLetteringProcessingHandler(producer);
        handler.configure(Map.of(StreamsConfig.APPLICATION_ID_CONFIG, "economics-service",
                StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092"));
    }

    @AfterEach
    void tearDown() {
        Metrics.removeRegistry(meters);
    }

    @Test
    void shouldDeadLetterTheSourceRecordWithItsPlaceAndCauseAndGoOn() {
        // given a processor threw on a record read from nhp.jobs.completed
        var context = context("nhp.jobs.completed", 3, 17L, "job-pricing", "j1", POISON);

        // when the handler is asked
        var response = handler.handle(context, new Record<>("j1", "priced", 0L),
                new NumberFormatException("Infinite or NaN"));

        // then the record's bytes as read go to the dead letters, keyed by their topic, with where and why
        assertThat(response).isEqualTo(ProcessingHandlerResponse.CONTINUE);
        assertThat(producer.history()).hasSize(1);
        ProducerRecord<String, DeadLetterEvent> sent = producer.history().get(0);
        assertThat(sent.topic()).isEqualTo(Topics.DEAD_LETTER.name());
        assertThat(sent.key()).isEqualTo("nhp.jobs.completed");
        DeadLetterEvent letter = sent.value();
        assertThat(letter.service()).isEqualTo("economics-service");
        assertThat(letter.sourceTopic()).isEqualTo("nhp.jobs.completed");
        assertThat(letter.partition()).isEqualTo(3);
        assertThat(letter.offset()).isEqualTo(17L);
        assertThat(letter.key()).isEqualTo("j1");
        assertThat(letter.value()).isEqualTo(POISON);
        assertThat(letter.reason()).isEqualTo(
                "processor job-pricing failed on nhp.jobs.completed-3@17: NumberFormatException: Infinite or NaN");
        // and it is counted
        assertThat(failed("economics-service", "nhp.jobs.completed")).isEqualTo(1.0);
    }

    @Test
    void shouldStopRatherThanLoseTheRecordWhenTheDeadLetterCannotBeWritten() {
        // given the dead-letter topic cannot be written to
        producer.sendException = new KafkaException("broker gone");

        // when a processor throws
        var response = handler.handle(context("nhp.jobs.completed", 0, 5L, "job-pricing", "j1", POISON),
                new Record<>("j1", "x", 0L), new IllegalStateException("boom"));

        // then the pipeline stops at this record
        assertThat(response).isEqualTo(ProcessingHandlerResponse.FAIL);
    }

    @Test
    void shouldGoOnAfterAFailedPunctuationWithNothingToDeadLetter() {
        // given a punctuation failed: there is no source record
        var context = new HandlerContext(null, -1, -1L, new RecordHeaders(), "device-ledger", new TaskId(1, 2), 0L, null, null);

        // when the handler is asked
        var response = handler.handle(context, (Record<?, ?>) null, new IllegalStateException("store closed"));

        // then the pipeline goes on, nothing is sent, and the failure is counted
        assertThat(response).isEqualTo(ProcessingHandlerResponse.CONTINUE);
        assertThat(producer.history()).isEmpty();
        assertThat(failed("economics-service", "none")).isEqualTo(1.0);
    }

    @Test
    void shouldKeepTheRecordAsJsonWhenItsSourceBytesAreNotAtHand() {
        var context = new HandlerContext("nhp.devices.heartbeats", 1, 9L, new RecordHeaders(), "device-state",
                new TaskId(0, 1), 0L, null, null);

        handler.handle(context, new Record<>("d1", Map.of("batteryPct", 80), 0L), new ArithmeticException("long overflow"));

        DeadLetterEvent letter = producer.history().get(0).value();
        assertThat(letter.value()).isEqualTo("{\"batteryPct\":80}");
        assertThat(letter.reason()).endsWith("ArithmeticException: long overflow");
    }

    @Test
    void shouldDeadLetterTheInputOfAnOutputThatCannotBeSerialized() {
        // given the sink could not serialize what a processor produced from a record of nhp.jobs.completed
        var context = context("nhp.jobs.completed", 2, 40L, "savings-sink", "j7", POISON);
        var output = new ProducerRecord<>("nhp.economics.savings", "xiaomi", (Object) "unserializable");

        // when the handler is asked
        var response = handler.handleSerializationException(context, output,
                new SerializationException("cannot write SavingsEvent"), SerializationExceptionOrigin.VALUE);

        // then the input record goes to the dead letters with the reason, and the pipeline goes on
        assertThat(response).isEqualTo(ProductionExceptionHandlerResponse.CONTINUE);
        DeadLetterEvent letter = producer.history().get(0).value();
        assertThat(letter.value()).isEqualTo(POISON);
        assertThat(letter.reason()).isEqualTo("processor savings-sink could not write the value of its output to "
                + "nhp.economics.savings for nhp.jobs.completed-2@40: SerializationException: cannot write SavingsEvent");
    }

    @Test
    void shouldLeaveARecordTheBrokersRefusedToKafkasDefault() {
        var context = context("nhp.jobs.completed", 0, 1L, "payouts-sink", "j1", POISON);
        var output = new ProducerRecord<>("nhp.economics.payouts", new byte[0], new byte[0]);

        assertThat(handler.handle(context, output, new TimeoutException("slow")))
                .isEqualTo(ProductionExceptionHandlerResponse.RETRY);
        assertThat(handler.handle(context, output, new RecordTooLargeException("too large")))
                .isEqualTo(ProductionExceptionHandlerResponse.FAIL);
        assertThat(producer.history()).isEmpty();
    }

    private double failed(String service, String topic) {
        var counter = meters.find(DeadLetters.FAILED_METRIC).tags("service", service, "topic", topic).counter();
        return counter == null ? 0.0 : counter.count();
    }

    private static HandlerContext context(String topic, int partition, long offset, String node, String key, String value) {
        return new HandlerContext(topic, partition, offset, new RecordHeaders(), node, new TaskId(0, partition), 0L,
                key.getBytes(StandardCharsets.UTF_8), value.getBytes(StandardCharsets.UTF_8));
    }
}
