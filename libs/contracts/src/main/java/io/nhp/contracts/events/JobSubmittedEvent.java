package io.nhp.contracts.events;

import static io.nhp.contracts.events.Required.field;

import java.time.Instant;

/**
 * A partner submitted an AI job ({@code nhp.jobs.submitted}, key = job id). {@code deadlineSeconds} is each
 * attempt's lease; {@code idempotencyKey}, when the partner gave one, makes a retried submission the same job.
 * {@code input} is the job's input inline (text up to 32 KiB, {@code inputHash} its SHA-256 hex); a job with an
 * inline input may leave {@code inputRef} out.
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
        String idempotencyKey,
        String input) implements Event {

    public JobSubmittedEvent {
        field(eventId, "eventId");
        field(eventTime, "eventTime");
        field(jobId, "jobId");
        field(partner, "partner");
        field(taskType, "taskType");
        if (input == null) {
            field(inputRef, "inputRef");
        }
        field(inputHash, "inputHash");
    }

    /** A job whose input is by reference only. */
    public JobSubmittedEvent(String eventId, Instant eventTime, String jobId, String partner, String taskType,
                             String inputRef, String inputHash, Integer deadlineSeconds, Integer redundancy,
                             Integer priority, String idempotencyKey) {
        this(eventId, eventTime, jobId, partner, taskType, inputRef, inputHash, deadlineSeconds, redundancy, priority,
                idempotencyKey, null);
    }
}
