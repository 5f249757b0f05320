package io.nhp.contracts.events;

import static io.nhp.contracts.events.Required.field;

import java.time.Instant;

/**
 * A job's validated result, emitted exactly once per job ({@code nhp.jobs.completed}, key = job id).
 * {@code deviceId} is the device credited with the work.
 */
public record JobCompletedEvent(
        String eventId,
        Instant eventTime,
        String jobId,
        String partner,
        String taskType,
        String deviceId,
        String resultHash,
        Boolean validated,
        Instant startedAt) implements Event {

    public JobCompletedEvent {
        field(eventId, "eventId");
        field(eventTime, "eventTime");
        field(jobId, "jobId");
        field(partner, "partner");
        field(taskType, "taskType");
        field(deviceId, "deviceId");
        field(resultHash, "resultHash");
        field(validated, "validated");
    }
}
