package io.nhp.contracts.events;

import static io.nhp.contracts.events.Required.field;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * A record a service could not process, kept with the reason so nothing is silently lost
 * ({@code nhp.deadletter}, key = the source topic). {@code value} is the original bytes as UTF-8 text
 * (or Base64 when {@code valueBase64} is true).
 */
public record DeadLetterEvent(
        String eventId,
        Instant eventTime,
        String service,
        String sourceTopic,
        Integer partition,
        Long offset,
        String key,
        String value,
        Boolean valueBase64,
        String reason) implements Event {

    public DeadLetterEvent {
        field(eventId, "eventId");
        field(eventTime, "eventTime");
        field(service, "service");
        field(sourceTopic, "sourceTopic");
        field(reason, "reason");
    }

    /** The dead letter of a record {@code service} could not read: its place, its bytes as they came, the reason. */
    public static DeadLetterEvent unreadable(String service, ConsumerRecord<byte[], byte[]> raw, String reason,
                                             Instant now) {
        Text value = Text.of(raw.value());
        return new DeadLetterEvent(Required.newEventId(), now, service, raw.topic(), raw.partition(), raw.offset(),
                Text.of(raw.key()).value(), value.value(), value.base64(), reason);
    }

    /** Bytes as they can be kept in JSON: UTF-8 text as is, anything else in Base64. */
    private record Text(String value, boolean base64) {
        static Text of(byte[] bytes) {
            if (bytes == null) {
                return new Text(null, false);
            }
            try {
                return new Text(StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString(), false);
            } catch (CharacterCodingException e) {
                return new Text(Base64.getEncoder().encodeToString(bytes), true);
            }
        }
    }
}
