package io.nhp.contracts.events;

import static io.nhp.contracts.events.Required.field;

import java.time.Instant;

/**
 * A partner submitted an AI job ({@code nhp.jobs.submitted}, key = job id). {@code deadlineSeconds} is each
 * attempt's lease; {@code idempotencyKey}, when the partner gave one, makes a retried submission the same job.
 */
public record JobSubmittedEvent(
        String eventId,
        Instant eventTime,
        String jobId,
        String partner,
        String taskType,
        String inputRef,
        String inputHash,
        Integer deadlineSeconds,
        Integer redundancy,
        Integer priority,
        String idempotencyKey) implements Event {

    public JobSubmittedEvent {
        field(eventId, "eventId");
        field(eventTime, "eventTime");
        field(jobId, "jobId");
        field(partner, "partner");
        field(taskType, "taskType");
        field(inputRef, "inputRef");
        field(inputHash, "inputHash");
    }
}
