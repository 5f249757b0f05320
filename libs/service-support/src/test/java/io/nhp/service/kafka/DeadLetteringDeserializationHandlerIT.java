package io.nhp.service.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.nhp.contracts.Topics;
import io.nhp.contracts.events.DeadLetterEvent;
import io.nhp.contracts.serde.Json;
import io.nhp.kafka.testkit.TopicReader;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler.DeserializationHandlerResponse;
import org.apache.kafka.streams.processor.TaskId;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The deserialization handler as Kafka Streams configures and calls it, writing to a real broker: the record's
 * bytes reach {@code nhp.deadletter} exactly as they came (Base64 when they are not text) and the pipeline goes on;
 * a record too large to be written again whole is dead-lettered by its first bytes, its size and its SHA-256.
 */
class DeadLetteringDeserializationHandlerIT {

    private final TestStreams kafka = new TestStreams("deserialization");
    private final DeadLetteringDeserializationHandler handler = new DeadLetteringDeserializationHandler();
    private String source;

    @BeforeEach
    void configureAsKafkaStreamsDoes() {
        handler.configure(Map.of(StreamsConfig.APPLICATION_ID_CONFIG, "device-registry",
                StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrap));
        source = "nhp.devices.heartbeats." + kafka.run; // the key of its dead letters: this test's alone
    }

    @Test
    void shouldDeadLetterBytesThatAreNotTextInBase64WithTheReasonAndGoOn() {
        // given a record whose value is not UTF-8, which the value deserializer refused
        byte[] bytes = {(byte) 0x89, 'P', 'N', 'G', 0x00, (byte) 0xFF};
        var record = new ConsumerRecord<>(source, 4, 1234L, "d-7".getBytes(StandardCharsets.UTF_8), bytes);

        // when the handler is asked
        var response = handler.handle(context(record), record,
                new SerializationException("Unexpected character (code 137) at offset 0"));

        // then the pipeline goes on, and a real consumer reads the letter: place, key, the exact bytes, the reason
        assertThat(response).isEqualTo(DeserializationHandlerResponse.CONTINUE);
        DeadLetterEvent letter = TopicReader.awaitRecord(kafka.bootstrap, Topics.DEAD_LETTER,
                r -> source.equals(r.key()), TestStreams.WAIT).value();
        assertThat(letter).extracting(DeadLetterEvent::service, DeadLetterEvent::sourceTopic, DeadLetterEvent::partition,
                        DeadLetterEvent::offset, DeadLetterEvent::key, DeadLetterEvent::valueBase64, DeadLetterEvent::reason)
                .containsExactly("device-registry", source, 4, 1234L, "d-7", true,
                        "Unexpected character (code 137) at offset 0");
        assertThat(Base64.getDecoder().decode(letter.value())).containsExactly(bytes);
    }

    @Test
    void shouldDeadLetterARecordTooLargeToBeWrittenAgainByItsStartSizeAndDigestAndGoOn() throws Exception {
        // given a record that is not text, too large to be written again whole (in Base64 it passes Kafka's 1 MiB)
        byte[] bytes = new byte[900 * 1024];
        new Random(23).nextBytes(bytes);
        bytes[0] = (byte) 0xFF;
        var record = new ConsumerRecord<>(source, 0, 1L, "d-8".getBytes(StandardCharsets.UTF_8), bytes);
        byte[] whole = Json.MAPPER.writeValueAsBytes(DeadLetterEvent.unreadable("device-registry", record, "not JSON",
                Instant.now()));
        assertThat(whole.length).as("over a producer's max.request.size").isGreaterThan(1024 * 1024);

        // when the handler is asked
        var response = handler.handle(context(record), record, new SerializationException("not JSON"));

        // then the pipeline goes on, and the broker has a letter with the record's first bytes, which says how large
        // the whole was and its SHA-256
        assertThat(response).isEqualTo(DeserializationHandlerResponse.CONTINUE);
        DeadLetterEvent letter = TopicReader.awaitRecord(kafka.bootstrap, Topics.DEAD_LETTER,
                r -> source.equals(r.key()), TestStreams.WAIT).value();
        assertThat(letter).extracting(DeadLetterEvent::partition, DeadLetterEvent::offset, DeadLetterEvent::key,
                DeadLetterEvent::valueBase64).containsExactly(0, 1L, "d-8", true);
        assertThat(Base64.getDecoder().decode(letter.value()))
                .containsExactly(Arrays.copyOf(bytes, DeadLetterSize.MAX_VALUE_BYTES));
        String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        assertThat(letter.reason()).isEqualTo("not JSON [value cut to its first " + DeadLetterSize.MAX_VALUE_BYTES
                + " of " + bytes.length + " bytes; SHA-256 of all " + bytes.length + ": " + sha256 + "]");
    }

    private static HandlerContext context(ConsumerRecord<byte[], byte[]> record) {
        return new HandlerContext(record.topic(), record.partition(), record.offset(), new RecordHeaders(),
                "KSTREAM-SOURCE-0000000000", new TaskId(0, record.partition()), 0L, record.key(), record.value());
    }
}
