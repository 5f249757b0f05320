package io.nhp.jobs.domain;

import java.time.Instant;
import java.util.List;

/**
 * A job as it stands, with every attempt: what the broker keeps per job in Kafka (compacted, key = job id) and
 * rebuilds its book from after a restart.
 */
public record JobSnapshot(
        String jobId,
        String partner,
        TaskType taskType,
        String inputRef,
        String inputHash,
        long leaseSeconds,
        int redundancy,
        int priority,
        Instant submittedAt,
        Instant expiresAt,
        String idempotencyKey,
        long sequence,
        JobState state,
        String resultHash,
        List<String> failureReasons,
        List<AttemptSnapshot> attempts) {

    /** One attempt as it stands. */
    public record AttemptSnapshot(String leaseId, EligibleDevice device, Instant leasedAt, Instant expiresAt,
                                  Attempt.Outcome outcome, String outputHash, Double deviceSeconds, boolean late,
                                  Boolean valid) {
    }

    static JobSnapshot of(Job job) {
        return new JobSnapshot(job.id(), job.partner(), job.taskType(), job.inputRef(), job.inputHash(),
                job.leaseDuration().toSeconds(), job.redundancy(), job.priority(), job.submittedAt(), job.expiresAt(),
                job.idempotencyKey(), job.sequence(), job.state(), job.resultHash(), job.failureReasons(),
                job.attempts().stream().map(a -> new AttemptSnapshot(a.leaseId(), a.device(), a.leasedAt(),
                        a.expiresAt(), a.outcome(), a.outputHash(), a.deviceSeconds(), a.late(), a.valid())).toList());
    }
}
