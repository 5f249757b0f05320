package io.nhp.contracts.events;

import static io.nhp.contracts.events.Required.field;

import java.time.Instant;

/** A job was leased to a device until {@code leaseExpiresAt} ({@code nhp.jobs.assigned}, key = job id). */
public record JobAssignedEvent(
        String eventId,
        Instant eventTime,
        String jobId,
        String partner,
        String taskType,
        String deviceId,
        String leaseId,
        Instant leaseExpiresAt,
        Integer attempt) implements Event {

    public JobAssignedEvent {
        field(eventId, "eventId");
        field(eventTime, "eventTime");
        field(jobId, "jobId");
        field(partner, "partner");
        field(taskType, "taskType");
        field(deviceId, "deviceId");
        field(leaseId, "leaseId");
        field(leaseExpiresAt, "leaseExpiresAt");
    }
}
