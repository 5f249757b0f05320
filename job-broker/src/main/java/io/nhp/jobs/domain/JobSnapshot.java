package io.nhp.jobs.domain;

import java.time.Instant;
import java.util.List;

/**
 * A job as it stands, with every attempt: what the broker keeps per job in Kafka (compacted, key = job id) and
 * rebuilds its book from after a restart. {@code requestHash} identifies the submission an idempotency key was
 * used for (absent in snapshots written before it was kept). {@code input} is the inline input, {@code output} the
 * validated output of a completed job whose task type has one (both absent otherwise). {@code checking} is true
 * while the service re-executes the job (a spot check); {@code knownAnswer} is a canary's answer (both absent in
 * older snapshots and for other jobs). {@code servedBy} says who served a completed job ({@code phones} or
 * {@code cloud}); snapshots written before it was kept read as phones.
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
        String requestHash,
        long sequence,
        JobState state,
        String resultHash,
        List<String> failureReasons,
        List<AttemptSnapshot> attempts,
        String input,
        byte[] output,
        String servedBy,
        Boolean checking,
        byte[] knownAnswer) {

    /**
     * One attempt as it stands. {@code deviceSeconds} is the device's claim (the name it had before pay was
     * measured, so that older snapshots still read); {@code resultAt} and {@code paidSeconds} are absent in those.
     * {@code output} is the posted output while the job still needs it for agreement.
     */
    public record AttemptSnapshot(String leaseId, EligibleDevice device, Instant leasedAt, Instant expiresAt,
                                  Attempt.Outcome outcome, String outputHash, Double deviceSeconds, boolean late,
                                  Boolean valid, Instant resultAt, Double paidSeconds, byte[] output) {
    }

    static JobSnapshot of(Job job) {
        return new JobSnapshot(job.id(), job.partner(), job.taskType(), job.inputRef(), job.inputHash(),
                job.leaseDuration().toSeconds(), job.redundancy(), job.priority(), job.submittedAt(), job.expiresAt(),
                job.idempotencyKey(), job.requestHash(), job.sequence(), job.state(), job.resultHash(),
                job.failureReasons(), job.attempts().stream().map(a -> new AttemptSnapshot(a.leaseId(), a.device(),
                        a.leasedAt(), a.expiresAt(), a.outcome(), a.outputHash(), a.claimedSeconds(), a.late(),
                        a.valid(), a.resultAt(), a.paidSeconds(), a.output())).toList(), job.input(), job.output(),
                job.servedBy(), job.checking() ? Boolean.TRUE : null, job.knownAnswer());
    }
}
