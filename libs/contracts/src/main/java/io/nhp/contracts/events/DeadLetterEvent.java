package io.nhp.contracts.events;

import static io.nhp.contracts.events.Required.field;

import java.time.Instant;

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
}
