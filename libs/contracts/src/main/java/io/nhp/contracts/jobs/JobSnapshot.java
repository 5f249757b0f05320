package io.nhp.contracts.jobs;

import java.time.Instant;
import java.util.List;

/**
 * A job as it stands, with every attempt: what job-broker keeps per job on {@code nhp.jobs.state} (compacted, key =
 * job id) and rebuilds its book from after a restart; only job-broker reads it. {@code requestHash} identifies the
 * submission an idempotency key was used for (absent in snapshots written before it was kept). {@code input} is the
 * inline input, {@code output} the validated output of a completed job whose task type has one (both absent
 * otherwise). {@code checking} is true while the service re-executes the job (a spot check); {@code knownAnswer} is
 * a canary's answer (both absent in older snapshots and for other jobs). {@code servedBy} says who served a
 * completed job ({@code phones} or {@code cloud}); snapshots written before it was kept read as phones.
 */
public record JobSnapshot(
        String jobId,
        String partner,
        Task taskType,
        String inputRef,
        String inputHash,
        long leaseSeconds,
        int redundancy,
        int priority,
        Instant submittedAt,
        Instant expiresAt,
        String idempotencyKey,
        String requestHash,
        long sequence,
        State state,
        String resultHash,
        List<String> failureReasons,
        List<AttemptSnapshot> attempts,
        String input,
        byte[] output,
        String servedBy,
        Boolean checking,
        byte[] knownAnswer) {

    /** Where the job stood. */
    public enum State { QUEUED, LEASED, COMPLETED, FAILED, EXPIRED }

    /** The task type as the reference data had it when the job was submitted. */
    public record Task(String key, double gpuSecondsPerTask, double minTops, boolean latencySensitive) {
    }

    /** The device an attempt was leased to, as {@code nhp.devices.status} described it then. */
    public record Device(String deviceId, String partner, String ownerId, String region, double tops) {
    }

    /**
     * One attempt as it stands. {@code deviceSeconds} is the device's claim (the name it had before pay was
     * measured, so that older snapshots still read); {@code resultAt} and {@code paidSeconds} are absent in those.
     * {@code output} is the posted output while the job still needs it for agreement.
     */
    public record AttemptSnapshot(String leaseId, Device device, Instant leasedAt, Instant expiresAt,
                                  Outcome outcome, String outputHash, Double deviceSeconds, boolean late,
                                  Boolean valid, Instant resultAt, Double paidSeconds, byte[] output) {

        /** How the attempt ended (absent while it runs). */
        public enum Outcome { SUCCEEDED, FAILED, EXPIRED, WITHDRAWN }
    }
}
