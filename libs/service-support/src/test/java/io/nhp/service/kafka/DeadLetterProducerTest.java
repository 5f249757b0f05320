package io.nhp.service.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.nhp.contracts.events.DeadLetterEvent;
import io.nhp.contracts.serde.JsonSerde;
import io.quarkus.runtime.ShutdownEvent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler.DeserializationHandlerResponse;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.Record;
import org.junit.jupiter.api.Test;

/** The handlers' own producer of dead letters (no broker): closed on shutdown, and the pipeline stopped when it fails. */
class DeadLetterProducerTest {

    private static final Map<String, Object> CONFIGS = Map.of(StreamsConfig.APPLICATION_ID_CONFIG, "device-registry",
            StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");

    /** A producer that remembers whether it was flushed and closed, and in which order. */
    static final class RecordingProducer extends MockProducer<String, DeadLetterEvent> {
        final List<String> calls = new ArrayList<>();

        RecordingProducer() {
            super(true, null, new StringSerializer(), new JsonSerde.JsonSerializer<>());
        }

        @Override
        public synchronized void flush() {
            calls.add("flush");
            super.flush();
        }

        @Override
        public void close(Duration timeout) {
            calls.add("close");
            super.close(timeout);
        }
    }

    @Test
    void shouldFlushThenCloseTheProducerOfEveryHandlerThatWroteALetterWhenTheApplicationStops() {
        // given a deserialization and a processing handler that have each written a dead letter
        var readProducer = new RecordingProducer();
        var processProducer = new RecordingProducer();
        var unreadable = new DeadLetteringDeserializationHandler(readProducer);
        var failing = new DeadLetteringProcessingHandler(processProducer);
        unreadable.configure(CONFIGS);
        failing.configure(CONFIGS);
        var record = record();
        unreadable.handle(context(), record, new SerializationException("not JSON"));
        failing.handle(context(), new Record<>("d-1", "beat", 0L), new IllegalStateException("boom"));
        assertThat(readProducer.history()).hasSize(1);
        assertThat(processProducer.history()).hasSize(1);

        // when the application stops
        new DeadLetterProducerShutdown().closeDeadLetterProducers(new ShutdownEvent());

        // then both producers were flushed, then closed
        assertThat(readProducer.calls).containsExactly("flush", "close");
        assertThat(processProducer.calls).containsExactly("flush", "close");
        assertThat(readProducer.closed()).isTrue();
        assertThat(processProducer.closed()).isTrue();
    }

    @Test
    void shouldStopRatherThanLoseARecordWhoseDeadLetterCannotBeWritten() {
        // given the dead-letter topic cannot be written to
        var producer = new RecordingProducer();
        producer.sendException = new KafkaException("broker gone");
        var handler = new DeadLetteringDeserializationHandler(producer);
        handler.configure(CONFIGS);

        // when a record cannot be read
        var response = handler.handle(context(), record(), new SerializationException("not JSON"));

        // then processing stops at this record
        assertThat(response).isEqualTo(DeserializationHandlerResponse.FAIL);
    }

    private static ConsumerRecord<byte[], byte[]> record() {
        return new ConsumerRecord<>("nhp.devices.heartbeats", 1, 9L, "d-1".getBytes(StandardCharsets.UTF_8),
                "{not json".getBytes(StandardCharsets.UTF_8));
    }

    private static HandlerContext context() {
        return new HandlerContext("nhp.devices.heartbeats", 1, 9L, new RecordHeaders(), "device-state",
                new TaskId(0, 1), 0L, "d-1".getBytes(StandardCharsets.UTF_8),
                "{not json".getBytes(StandardCharsets.UTF_8));
    }
}
