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
 *
 * <p>{@code servedBy} says who delivered the answer: {@value #PHONES} (validated agreement of phones; the
 * executions are paid and the GPU-seconds are cloud cost avoided) or {@value #CLOUD} (the partner's cloud fallback
 * computed it because phones did not answer validly in time; no execution is paid and the GPU-seconds are cloud
 * cost incurred). {@code canary} marks a platform check job with a known answer: its executions are paid by the
 * platform, and it replaces no partner work. {@code spotChecked} is true when the service re-executed the job and
 * agreed with the phones' answer. Records written before these fields read as phones, not canary, not checked.
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
        List<String> dissentingDevices,
        String servedBy,
        Boolean canary,
        Boolean spotChecked) implements Event {

    /** Served by phones: validated agreement of k devices. */
    public static final String PHONES = "phones";
    /** Served by the partner's cloud (the fallback). */
    public static final String CLOUD = "cloud";

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
        servedBy = servedBy == null ? PHONES : servedBy;
        if (!servedBy.equals(PHONES) && !servedBy.equals(CLOUD)) {
            throw new IllegalArgumentException("servedBy must be " + PHONES + " or " + CLOUD + ", not " + servedBy);
        }
        canary = Boolean.TRUE.equals(canary);
        spotChecked = Boolean.TRUE.equals(spotChecked);
    }

    /** A job served by phones, neither a canary nor spot-checked. */
    public JobCompletedEvent(String eventId, Instant eventTime, String jobId, String partner, String taskType,
                             Double gpuSeconds, String resultHash, Boolean validated, Instant submittedAt,
                             List<Execution> executions, List<String> dissentingDevices) {
        this(eventId, eventTime, jobId, partner, taskType, gpuSeconds, resultHash, validated, submittedAt, executions,
                dissentingDevices, PHONES, false, false);
    }

    /** Whether the partner's cloud served it (cost incurred, nobody paid). */
    public boolean servedByCloud() {
        return CLOUD.equals(servedBy);
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
