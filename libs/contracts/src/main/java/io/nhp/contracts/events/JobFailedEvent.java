package io.nhp.contracts.events;

import static io.nhp.contracts.events.Required.field;

import java.time.Instant;

/** An attempt at a job failed, or the job ran out of attempts ({@code nhp.jobs.failed}, key = job id). */
public record JobFailedEvent(
        String eventId,
        Instant eventTime,
        String jobId,
        String partner,
        String taskType,
        String deviceId,
        String reason,
        Integer attempt,
        Boolean terminal) implements Event {

    public JobFailedEvent {
        field(eventId, "eventId");
        field(eventTime, "eventTime");
        field(jobId, "jobId");
        field(partner, "partner");
        field(taskType, "taskType");
        field(reason, "reason");
    }
}
