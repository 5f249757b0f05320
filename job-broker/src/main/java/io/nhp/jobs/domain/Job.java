package io.nhp.jobs.domain;

import io.nhp.contracts.events.JobCompletedEvent;
import io.nhp.contracts.jobs.JobSnapshot;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One partner job and its attempts. It needs {@code redundancy} devices (of distinct owners) to agree on the
 * output hash; a device never gets the same job twice. Mutated only by {@link JobBook}.
 */
public final class Job {

    private final String id;
    private final String partner;
    private final TaskType taskType;
    private final String inputRef;
    private final String inputHash;
    /** The input inline (text), when the partner sent it with the job. */
    private final String input;
    private final Duration leaseDuration;
    private final int redundancy;
    private final int priority;
    private final Instant submittedAt;
    private final Instant expiresAt;
    private final String idempotencyKey;
    private final String requestHash;
    private final long sequence;
    private final List<Attempt> attempts = new ArrayList<>();
    private final List<String> failureReasons = new ArrayList<>();
    private JobState state = JobState.QUEUED;
    private String resultHash;
    /** The validated output (the agreeing group's), for the task types whose output the broker keeps. */
    private byte[] output;
    /** The phones agree and the service is re-executing the job (a spot check): no completion until it answers. */
    private boolean checking;
    /** A canary's answer, known to the service beforehand; null for a partner's job. */
    private byte[] knownAnswer;
    /**
     * Who delivered the output of a completed job: {@link JobCompletedEvent#PHONES}, or {@link JobCompletedEvent#CLOUD}
     * (the service's own answer: a spot check caught the phones, or a canary's result was wrong).
     */
    private String servedBy = JobCompletedEvent.PHONES;

    Job(String id, String partner, TaskType taskType, String inputRef, String inputHash, String input,
        Duration leaseDuration,
        int redundancy, int priority, Instant submittedAt, Instant expiresAt, String idempotencyKey, String requestHash,
        long sequence) {
        this.id = id;
        this.partner = partner;
        this.taskType = taskType;
        this.inputRef = inputRef;
        this.inputHash = inputHash;
        this.input = input;
        this.leaseDuration = leaseDuration;
        this.redundancy = redundancy;
        this.priority = priority;
        this.submittedAt = submittedAt;
        this.expiresAt = expiresAt;
        this.idempotencyKey = idempotencyKey;
        this.requestHash = requestHash;
        this.sequence = sequence;
    }

    public String id() {
        return id;
    }

    public String partner() {
        return partner;
    }

    public TaskType taskType() {
        return taskType;
    }

    public String inputRef() {
        return inputRef;
    }

    public String inputHash() {
        return inputHash;
    }

    public String input() {
        return input;
    }

    /** The validated output of a completed job whose task type has one (an embedding); null otherwise. */
    public byte[] output() {
        return output;
    }

    /** Whether the service is re-executing the job before it completes (a spot check). */
    public boolean checking() {
        return checking;
    }

    /** Who served a completed job: {@code phones} (validated agreement) or {@code cloud} (the service). */
    public String servedBy() {
        return servedBy;
    }

    /** Whether this is a canary: a platform check job whose answer the service knows. */
    public boolean canary() {
        return knownAnswer != null;
    }

    /** A canary's known answer; null for a partner's job. */
    public byte[] knownAnswer() {
        return knownAnswer;
    }

    public Duration leaseDuration() {
        return leaseDuration;
    }

    public int redundancy() {
        return redundancy;
    }

    public int priority() {
        return priority;
    }

    public Instant submittedAt() {
        return submittedAt;
    }

    public Instant expiresAt() {
        return expiresAt;
    }

    public String idempotencyKey() {
        return idempotencyKey;
    }

    /** Canonical hash of the submission its idempotency key was used for; null when unknown. */
    public String requestHash() {
        return requestHash;
    }

    long sequence() {
        return sequence;
    }

    public JobState state() {
        return state;
    }

    public String resultHash() {
        return resultHash;
    }

    public List<Attempt> attempts() {
        return Collections.unmodifiableList(attempts);
    }

    public List<String> failureReasons() {
        return Collections.unmodifiableList(failureReasons);
    }

    /** The attempts whose results the completion counted (and pays), in the order they were leased. */
    public List<Attempt> counted() {
        return attempts.stream().filter(a -> Boolean.TRUE.equals(a.valid())).toList();
    }

    /** Attempts that failed or expired. */
    public int failures() {
        return (int) attempts.stream()
                .filter(a -> a.outcome() == Attempt.Outcome.FAILED || a.outcome() == Attempt.Outcome.EXPIRED)
                .count();
    }

    /** How many more devices it needs right now. */
    int openSlots() {
        if (state.isFinal() || checking) {
            return 0;
        }
        long running = attempts.stream().filter(Attempt::running).count();
        return (int) Math.max(0, redundancy - running - bestAgreement().map(Map.Entry::getValue).orElse(0));
    }

    /**
     * The successful result most successful results agree with (itself included), with how many: the first of the
     * largest agreeing group. Results agree when their output hashes are equal or, for a task type with vector
     * output, when {@link Outputs#agree} says so.
     */
    Optional<Map.Entry<Attempt, Integer>> bestAgreement() {
        List<Attempt> succeeded = attempts.stream().filter(a -> a.outcome() == Attempt.Outcome.SUCCEEDED).toList();
        Attempt best = null;
        int most = 0;
        for (Attempt candidate : succeeded) {
            int agreeing = (int) succeeded.stream().filter(other -> agree(candidate.outputHash(), candidate.output(),
                    other)).count();
            if (agreeing > most) {
                best = candidate;
                most = agreeing;
            }
        }
        return best == null ? Optional.empty() : Optional.of(Map.entry(best, most));
    }

    /** Whether a successful result agrees with the result of this hash and output. */
    boolean agree(String hash, byte[] output, Attempt result) {
        return hash.equals(result.outputHash())
                || Outputs.hasVectorOutput(taskType) && Outputs.agree(output, result.output());
    }

    /** Whether this device may take the job: same partner, enough TOPS, never tried it, an owner not yet in it. */
    boolean mayTake(EligibleDevice device) {
        if (!partner.equals(device.partner()) || device.tops() < taskType.minTops()) {
            return false;
        }
        for (Attempt attempt : attempts) {
            if (attempt.device().deviceId().equals(device.deviceId())) {
                return false;
            }
            boolean counts = attempt.running() || attempt.outcome() == Attempt.Outcome.SUCCEEDED;
            if (counts && attempt.device().ownerId().equals(device.ownerId())) {
                return false;
            }
        }
        return true;
    }

    /** The job as it stands, as job-broker keeps it on {@code nhp.jobs.state}. */
    JobSnapshot snapshot() {
        return new JobSnapshot(id, partner, new JobSnapshot.Task(taskType.key(), taskType.gpuSecondsPerTask(),
                taskType.minTops(), taskType.latencySensitive()), inputRef, inputHash, leaseDuration.toSeconds(),
                redundancy, priority, submittedAt, expiresAt, idempotencyKey, requestHash, sequence,
                JobSnapshot.State.valueOf(state.name()), resultHash, List.copyOf(failureReasons),
                attempts.stream().map(a -> new JobSnapshot.AttemptSnapshot(a.leaseId(), device(a.device()),
                        a.leasedAt(), a.expiresAt(), a.outcome() == null ? null
                        : JobSnapshot.AttemptSnapshot.Outcome.valueOf(a.outcome().name()), a.outputHash(),
                        a.claimedSeconds(), a.late(), a.valid(), a.resultAt(), a.paidSeconds(), a.output())).toList(),
                input, output, servedBy, checking ? Boolean.TRUE : null, knownAnswer);
    }

    /** The job as a snapshot recorded it. */
    static Job restore(JobSnapshot snapshot) {
        JobSnapshot.Task task = snapshot.taskType();
        var job = new Job(snapshot.jobId(), snapshot.partner(),
                new TaskType(task.key(), task.gpuSecondsPerTask(), task.minTops(), task.latencySensitive()),
                snapshot.inputRef(),
                snapshot.inputHash(), snapshot.input(), Duration.ofSeconds(snapshot.leaseSeconds()), snapshot.redundancy(),
                snapshot.priority(), snapshot.submittedAt(), snapshot.expiresAt(), snapshot.idempotencyKey(),
                snapshot.requestHash(), snapshot.sequence());
        job.state = JobState.valueOf(snapshot.state().name());
        job.resultHash = snapshot.resultHash();
        job.output = snapshot.output();
        job.servedBy = snapshot.servedBy() == null ? JobCompletedEvent.PHONES : snapshot.servedBy();
        job.checking = Boolean.TRUE.equals(snapshot.checking());
        job.knownAnswer = snapshot.knownAnswer();
        job.failureReasons.addAll(snapshot.failureReasons());
        for (JobSnapshot.AttemptSnapshot a : snapshot.attempts()) {
            JobSnapshot.Device d = a.device();
            var device = new EligibleDevice(d.deviceId(), d.partner(), d.ownerId(), d.region(), d.tops());
            var attempt = new Attempt(a.leaseId(), device, a.leasedAt(), a.expiresAt());
            if (a.outcome() != null) {
                var outcome = Attempt.Outcome.valueOf(a.outcome().name());
                Double paid = a.paidSeconds();
                if (paid == null && outcome == Attempt.Outcome.SUCCEEDED) {
                    // a result received before pay was measured: its receipt time is unknown, so it is paid its
                    // claim, but never more than the bound a measured result has
                    double claim = a.deviceSeconds() != null && a.deviceSeconds() >= 0 ? a.deviceSeconds() : 0;
                    paid = Math.min(claim, JobBook.payBoundMicros(job, device) / 1e6);
                }
                attempt.end(outcome, a.outputHash(), a.output(), a.deviceSeconds(), a.resultAt(), paid);
            }
            if (a.late()) {
                attempt.lateResult(a.outputHash(), a.deviceSeconds(), a.resultAt());
            }
            if (a.valid() != null) {
                attempt.validated(a.valid());
            }
            job.attempts.add(attempt);
        }
        return job;
    }

    private static JobSnapshot.Device device(EligibleDevice device) {
        return new JobSnapshot.Device(device.deviceId(), device.partner(), device.ownerId(), device.region(),
                device.tops());
    }

    void add(Attempt attempt) {
        attempts.add(attempt);
    }

    void checking(boolean checking) {
        this.checking = checking;
    }

    void servedByCloud(String resultHash, byte[] output) {
        completed(resultHash, output);
        this.servedBy = JobCompletedEvent.CLOUD;
    }

    void knownAnswer(byte[] knownAnswer) {
        this.knownAnswer = knownAnswer;
    }

    void state(JobState state) {
        this.state = state;
    }

    void completed(String resultHash, byte[] output) {
        this.resultHash = resultHash;
        this.output = output;
        this.state = JobState.COMPLETED;
    }

    /** The job ended: its attempts' outputs are needed no more. */
    void forgetOutputs() {
        attempts.forEach(Attempt::forgetOutput);
    }

    void failedBecause(String reason) {
        failureReasons.add(reason);
    }
}
