package io.nhp.contracts.events;

import static io.nhp.contracts.events.Required.field;

import java.time.Instant;
import java.util.List;

/**
 * A job's result, emitted exactly once per job ({@code nhp.jobs.completed}, key = job id), with everything
 * economics needs and no further lookup: the task's GPU-seconds (what a cloud GPU would have spent), whether the
 * result was validated by agreement, and each device whose result counts, with its owner, region, TOPS, the
 * seconds it is paid for (measured by the platform) and the seconds it claimed. {@code dissentingDevices} are the devices whose results disagreed with the accepted one:
 * with the executions, what a reputation score is built from.
 */
public record JobCompletedEvent(
        String eventId,
        Instant eventTime,
        String jobId,
        String partner,
        String taskType,
        Double gpuSeconds,
        String resultHash,
        Boolean validated,
        Instant submittedAt,
        List<Execution> executions,
        List<String> dissentingDevices) implements Event {

    public JobCompletedEvent {
        field(eventId, "eventId");
        field(eventTime, "eventTime");
        field(jobId, "jobId");
        field(partner, "partner");
        field(taskType, "taskType");
        field(gpuSeconds, "gpuSeconds");
        field(resultHash, "resultHash");
        field(validated, "validated");
        executions = executions == null ? List.of() : List.copyOf(executions);
        dissentingDevices = dissentingDevices == null ? List.of() : List.copyOf(dissentingDevices);
    }

    /**
     * One device's part in the result. {@code deviceSeconds} are the seconds it is paid for, measured by job-broker
     * (from the lease being granted to the result being received, bounded by what the task takes on that device);
     * {@code claimedSeconds} is what the device said it computed, kept for audit only (absent in records written
     * before pay was measured, and never paid).
     */
    public record Execution(String deviceId, String ownerId, String region, Double tops, Double deviceSeconds,
                            Double claimedSeconds) {
        public Execution {
            field(deviceId, "deviceId");
            field(deviceSeconds, "deviceSeconds");
        }

        /** An execution without the device's claim. */
        public Execution(String deviceId, String ownerId, String region, Double tops, Double deviceSeconds) {
            this(deviceId, ownerId, region, tops, deviceSeconds, null);
        }
    }
}
