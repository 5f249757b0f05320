package io.nhp.jobs.domain;

import io.nhp.contracts.events.Event;
import io.nhp.contracts.events.JobAssignedEvent;
import io.nhp.contracts.events.JobCompletedEvent;
import io.nhp.contracts.events.JobFailedEvent;
import io.nhp.contracts.events.JobSubmittedEvent;
import io.nhp.contracts.events.Required;
import io.nhp.contracts.jobs.JobSnapshot;
import io.nhp.embeddings.Vectors;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * The job broker's state machine: queues per partner and task type, leases with deadlines, reissue, quorum
 * validation, and exactly one completion per job. Pure and single-threaded (the caller serialises access);
 * every change it makes is told, as the platform's job events, to the {@code journal}, which the service writes
 * to Kafka before answering. Time is given, never read, so tests and recovery replay it exactly.
 */
public final class JobBook {

    /** Limits (BOINC and Salad's: three strikes, one lease per device by default). */
    public record Settings(int maxFailures, int maxLeasesPerDevice, Duration jobLifetime) {
    }

    /**
     * What the book checks beyond agreement: devices' standing ({@link Reputation}), and which jobs the phones
     * agreed on the service re-executes before they complete (a spot check; asked once per job, at agreement).
     */
    public record Checks(Reputation.Settings reputation, Predicate<Job> spotCheck) {
        /** Reputation by its defaults, no spot checks. */
        public static Checks defaults() {
            return new Checks(Reputation.Settings.defaults(), job -> false);
        }
    }

    /** How a spot check ended: the service agreed, disagreed (the phones were wrong), or gave no answer. */
    public enum CheckOutcome { AGREED, DISAGREED, UNANSWERED, NOT_CHECKING }

    /** A job of a vector task type whose phones agree, for the service to re-execute (its input inline). */
    public record SpotCheck(String jobId, String partner, TaskType taskType, String input) {
    }

    /** What a device's result post gets; the same post repeated gets the same answer. */
    public sealed interface Answer {
        /** Recorded (and counted once). */
        record Accepted(Job job) implements Answer {
        }

        /** No such lease. */
        record UnknownLease() implements Answer {
        }

        /** The lease belongs to another device. */
        record NotYours() implements Answer {
        }

        /** The lease had expired: the result is recorded but neither counted nor paid. */
        record TooLate(Job job) implements Answer {
        }

        /** The output does not fit the job's task type (see {@link Outputs#problem}): nothing is recorded. */
        record InvalidOutput(String field, String message) implements Answer {
        }
    }

    /**
     * An idempotency key the partner used before for a different submission: refused, since answering the earlier
     * job would silently drop the new one.
     */
    public static final class IdempotencyKeyReused extends RuntimeException {
        private final String jobId;

        IdempotencyKeyReused(String jobId) {
            super("this Idempotency-Key was used for a different submission (job " + jobId + "); a retry must send "
                    + "the same body, a new submission a new key");
            this.jobId = jobId;
        }

        /** The job the key was first used for. */
        public String jobId() {
            return jobId;
        }
    }

    /** Depth of one queue and the age of its oldest job. */
    public record QueueDepth(String taskType, int jobs, Duration oldest) {
    }

    private static final Comparator<Job> DISPATCH_ORDER = Comparator.comparingInt(Job::priority).reversed()
            .thenComparingLong(Job::sequence);

    private final Settings settings;
    private final Predicate<Job> spotCheck;
    private final Reputation reputation;
    private final List<SpotCheck> spotChecks = new ArrayList<>();
    private final Consumer<Event> journal;
    private final Map<String, Job> jobs = new HashMap<>();
    private final Map<String, Job> jobsByLease = new HashMap<>();
    private final Map<String, String> jobsByIdempotencyKey = new HashMap<>();
    private final Map<String, Map<String, TreeSet<Job>>> queues = new HashMap<>();
    private final Map<String, Integer> runningLeasesByDevice = new HashMap<>();
    /** Unfinished (queued or leased) jobs per partner. */
    private final Map<String, Integer> openJobsByPartner = new HashMap<>();
    /** Final jobs in the order they ended (restored ones first): the oldest are forgotten first. */
    private final ArrayDeque<Job> finished = new ArrayDeque<>();
    private final Map<String, int[]> validityByDevice = new HashMap<>();
    /**
     * A job's lifetime and each lease's deadline, soonest first. A timer is not removed when its job finishes or its
     * lease ends (a priority queue removes in linear time); it is skipped when due. Since a job's lifetime is an hour,
     * at thousands of jobs a second such dead timers would fill the heap (millions of them, and the ids they hold),
     * so the queue is compacted whenever it has doubled since the last time: amortised, a constant cost per timer.
     */
    private final PriorityQueue<Timer> timers = new PriorityQueue<>(Comparator.comparing(Timer::at));
    /** The queue's size at which it is compacted next. */
    private int compactTimersAt = MIN_TIMERS_COMPACTED;
    private final Set<String> changed = new LinkedHashSet<>();
    private final Set<String> partnersWithNewWork = new HashSet<>();
    private long sequence;
    /** A new lease's id for a job (by the job's id): served wherever its job is. */
    private java.util.function.UnaryOperator<String> leaseIds = jobId -> UUID.randomUUID().toString();

    public JobBook(Settings settings, Consumer<Event> journal) {
        this(settings, Checks.defaults(), journal);
    }

    public JobBook(Settings settings, Checks checks, Consumer<Event> journal) {
        this.settings = settings;
        this.spotCheck = checks.spotCheck();
        this.reputation = new Reputation(checks.reputation());
        this.journal = journal;
    }

    /**
     * Lease ids from now on come from {@code ids}, given the job's id (several instances: a lease id falls in its
     * job's partition, so that its result finds the instance that holds the job).
     */
    public void useLeaseIds(java.util.function.UnaryOperator<String> ids) {
        this.leaseIds = ids;
    }

    /** The devices' standing: strikes and cool-offs. */
    public Reputation reputation() {
        return reputation;
    }

    /** Jobs to re-execute since the last call (the service answers each with {@link #spotChecked}). */
    public List<SpotCheck> drainSpotChecks() {
        List<SpotCheck> due = List.copyOf(spotChecks);
        spotChecks.clear();
        return due;
    }

    /** Puts back a job as its snapshot recorded it (recovery after a restart); nothing is journaled. */
    public void restore(JobSnapshot snapshot) {
        Job job = Job.restore(snapshot);
        jobs.put(job.id(), job);
        sequence = Math.max(sequence, job.sequence() + 1);
        if (job.idempotencyKey() != null) {
            jobsByIdempotencyKey.put(job.partner() + '\n' + job.idempotencyKey(), job.id());
        }
        for (Attempt attempt : job.attempts()) {
            jobsByLease.put(attempt.leaseId(), job);
            if (attempt.valid() != null && attempt.resultAt() != null) {
                reputation.restore(attempt.device(), attempt.valid(), attempt.resultAt());
            }
            if (attempt.running() && !job.state().isFinal()) {
                runningLeasesByDevice.merge(attempt.device().deviceId(), 1, Integer::sum);
                timers.add(new Timer(attempt.expiresAt(), job.id(), attempt.leaseId()));
            }
        }
        if (job.state().isFinal()) {
            finished.add(job);
        } else {
            timers.add(new Timer(job.expiresAt(), job.id(), null));
            openJobsByPartner.merge(job.partner(), 1, Integer::sum);
            requeue(job);
            if (job.checking()) {
                spotChecks.add(spotCheckOf(job)); // its answer was lost with the previous instance: ask again
            }
        }
        changed.remove(job.id());
    }

    /** Snapshots of the jobs changed since the last call, for the service to write. */
    public List<JobSnapshot> drainChanges() {
        List<JobSnapshot> snapshots = new ArrayList<>(changed.size());
        for (String id : changed) {
            snapshots.add(jobs.get(id).snapshot());
        }
        changed.clear();
        return snapshots;
    }

    /** Partners with a job that became ready for a device since the last call: waiting devices may get work. */
    public Set<String> drainPartnersWithNewWork() {
        Set<String> partners = Set.copyOf(partnersWithNewWork);
        partnersWithNewWork.clear();
        return partners;
    }

    /** Forgets final jobs that ended before {@code before}; their ids, so their snapshots can be deleted. */
    public List<String> forgetFinishedBefore(Instant before) {
        return forgetFinished(before, Integer.MAX_VALUE);
    }

    /** Final jobs held now (answering their job's state, a repeated result, a retried submission). */
    public int finishedJobs() {
        return finished.size();
    }

    /**
     * Forgets final jobs that ended before {@code before}, and beyond the newest {@code keepAtMost} (the oldest
     * ended first): their ids, so their snapshots can be deleted. The bound keeps memory flat at any rate of jobs.
     */
    public List<String> forgetFinished(Instant before, int keepAtMost) {
        List<String> forgotten = new ArrayList<>();
        while (!finished.isEmpty()) {
            Job oldest = finished.peekFirst();
            if (finished.size() <= keepAtMost && !endedBefore(oldest, before)) {
                break; // they ended about in the order they were submitted: the rest is (mostly) younger
            }
            finished.pollFirst();
            forget(oldest);
            forgotten.add(oldest.id());
        }
        return forgotten;
    }

    /** Past its lifetime by then (the jobs held that long rebuild the devices' strikes after a restart). */
    private static boolean endedBefore(Job job, Instant before) {
        return job.expiresAt().isBefore(before);
    }

    private void forget(Job job) {
        jobs.remove(job.id());
        job.attempts().forEach(a -> jobsByLease.remove(a.leaseId()));
        if (job.idempotencyKey() != null) {
            jobsByIdempotencyKey.remove(job.partner() + '\n' + job.idempotencyKey());
        }
    }

    /**
     * The job a retried submission answers: the one the partner submitted earlier with this idempotency key, when
     * it was for the same request (same canonical hash); empty when the key is new (or none).
     *
     * @throws IdempotencyKeyReused when the key was used for a different request
     */
    public Optional<Job> retried(String partner, String key, String requestHash) {
        Optional<Job> earlier = byIdempotencyKey(partner, key);
        if (earlier.isPresent() && !sameRequest(earlier.get(), requestHash)) {
            throw new IdempotencyKeyReused(earlier.get().id());
        }
        return earlier;
    }

    /** A job the partner submitted earlier with this idempotency key. */
    public Optional<Job> byIdempotencyKey(String partner, String key) {
        return Optional.ofNullable(key == null ? null : jobsByIdempotencyKey.get(partner + '\n' + key))
                .map(jobs::get);
    }

    /** The partner's unfinished jobs: queued or leased. */
    public int openJobs(String partner) {
        return openJobsByPartner.getOrDefault(partner, 0);
    }

    public Optional<Job> job(String jobId) {
        return Optional.ofNullable(jobs.get(jobId));
    }

    /** {@link #submit(JobSubmittedEvent, TaskType, String)} of a request whose hash is not known. */
    public Job submit(JobSubmittedEvent submitted, TaskType taskType) {
        return submit(submitted, taskType, null);
    }

    /**
     * Queues a submitted job (already validated and in Kafka); a known job id, or an idempotency key used for the
     * same request, changes nothing and answers the earlier job. {@code requestHash} is the canonical hash of the
     * request, kept with the key.
     *
     * @throws IdempotencyKeyReused when the key was used for a different request
     */
    public Job submit(JobSubmittedEvent submitted, TaskType taskType, String requestHash) {
        Optional<Job> known = job(submitted.jobId())
                .or(() -> retried(submitted.partner(), submitted.idempotencyKey(), requestHash));
        if (known.isPresent()) {
            return known.get();
        }
        var job = new Job(submitted.jobId(), submitted.partner(), taskType, submitted.inputRef(), submitted.inputHash(),
                submitted.input(), Duration.ofSeconds(submitted.deadlineSeconds()),
                submitted.redundancy() == null ? 1 : submitted.redundancy(),
                submitted.priority() == null ? 0 : submitted.priority(),
                submitted.eventTime(), submitted.eventTime().plus(settings.jobLifetime()),
                submitted.idempotencyKey(), requestHash, sequence++);
        jobs.put(job.id(), job);
        if (job.idempotencyKey() != null) {
            jobsByIdempotencyKey.put(job.partner() + '\n' + job.idempotencyKey(), job.id());
        }
        timers.add(new Timer(job.expiresAt(), job.id(), null));
        openJobsByPartner.merge(job.partner(), 1, Integer::sum);
        requeue(job);
        changed.add(job.id());
        return job;
    }

    /**
     * Queues a canary: a platform job whose answer the service knows ({@code knownAnswer}, a vector), leased like
     * any other job; its one result is judged against that answer.
     */
    public Job submitCanary(JobSubmittedEvent submitted, TaskType taskType, byte[] knownAnswer) {
        if (!Outputs.hasVectorOutput(taskType) || knownAnswer == null || submitted.input() == null) {
            throw new IllegalArgumentException("a canary is a job of a vector task type with its input and answer");
        }
        Job job = submit(submitted, taskType, null);
        job.knownAnswer(knownAnswer);
        return job;
    }

    /**
     * The best job this device may take now (highest priority, then oldest, over the task types its TOPS allow),
     * leased to it until the job's deadline; empty when nothing fits or the device has its fill of leases.
     */
    public Optional<Attempt> lease(EligibleDevice device, Instant now) {
        return lease(device, now, Set.of());
    }

    /**
     * {@link #lease(EligibleDevice, Instant)} among the task types the device declares it runs ({@code taskTypes},
     * by key); an empty set means every task type.
     */
    public Optional<Attempt> lease(EligibleDevice device, Instant now, Set<String> taskTypes) {
        if (reputation.coolingOff(device.deviceId(), now)) {
            return Optional.empty(); // struck out: nothing until its cool-off ends
        }
        if (runningLeasesByDevice.getOrDefault(device.deviceId(), 0) >= settings.maxLeasesPerDevice()) {
            return Optional.empty();
        }
        Job best = null;
        for (Map.Entry<String, TreeSet<Job>> byTaskType : queues.getOrDefault(device.partner(), Map.of()).entrySet()) {
            if (!taskTypes.isEmpty() && !taskTypes.contains(byTaskType.getKey())) {
                continue;
            }
            TreeSet<Job> queue = byTaskType.getValue();
            for (Job candidate : queue) {
                if (best != null && DISPATCH_ORDER.compare(candidate, best) >= 0) {
                    break; // this queue has nothing better than what is found
                }
                if (candidate.mayTake(device)) {
                    best = candidate;
                    break;
                }
            }
        }
        if (best == null) {
            return Optional.empty();
        }
        var attempt = new Attempt(leaseIds.apply(best.id()), device, now, now.plus(best.leaseDuration()));
        best.add(attempt);
        jobsByLease.put(attempt.leaseId(), best);
        runningLeasesByDevice.merge(device.deviceId(), 1, Integer::sum);
        timers.add(new Timer(attempt.expiresAt(), best.id(), attempt.leaseId()));
        requeue(best);
        changed.add(best.id());
        journal.accept(new JobAssignedEvent(Required.newEventId(), now, best.id(), best.partner(),
                best.taskType().key(), device.deviceId(), attempt.leaseId(), attempt.expiresAt(), best.attempts().size()));
        return Optional.of(attempt);
    }

    /** {@link #lease}, told as what the device is handed. */
    public Optional<Lease> leaseFor(EligibleDevice device, Instant now) {
        return leaseFor(device, now, Set.of());
    }

    /** {@link #lease(EligibleDevice, Instant, Set)}, told as what the device is handed. */
    public Optional<Lease> leaseFor(EligibleDevice device, Instant now, Set<String> taskTypes) {
        return lease(device, now, taskTypes).map(attempt -> {
            Job job = jobsByLease.get(attempt.leaseId());
            return new Lease(attempt.leaseId(), job.id(), job.taskType().key(), job.inputRef(), job.inputHash(),
                    attempt.expiresAt(), job.input(), Outputs.model(job.taskType()));
        });
    }

    /** {@link #report(String, String, Attempt.Outcome, String, byte[], double, Instant)} without an output. */
    public Answer report(String leaseId, String deviceId, Attempt.Outcome status, String outputHash,
                         double claimedSeconds, Instant now) {
        return report(leaseId, deviceId, status, outputHash, null, claimedSeconds, now);
    }

    /**
     * A device's result for its lease, received at {@code now}. {@code claimedSeconds} is what the device says it
     * computed: recorded for audit, never paid (see {@link #paidSeconds}). {@code output} is the output itself, which
     * a success of a task type with vector output must carry (checked against {@code outputHash}); an output that
     * does not fit is refused and nothing is recorded.
     */
    public Answer report(String leaseId, String deviceId, Attempt.Outcome status, String outputHash, byte[] output,
                         double claimedSeconds, Instant now) {
        Job job = jobsByLease.get(leaseId);
        if (job == null) {
            return new Answer.UnknownLease();
        }
        Attempt attempt = attemptOf(job, leaseId);
        if (!attempt.device().deviceId().equals(deviceId)) {
            return new Answer.NotYours();
        }
        if (status == Attempt.Outcome.SUCCEEDED) {
            Optional<Answer.InvalidOutput> problem = Outputs.problem(job.taskType(), outputHash, output);
            if (problem.isPresent()) {
                return problem.get();
            }
        }
        if (attempt.late() || attempt.outcome() == Attempt.Outcome.EXPIRED
                || attempt.outcome() == Attempt.Outcome.WITHDRAWN) {
            if (!attempt.late()) {
                attempt.lateResult(outputHash, claimedSeconds, now);
                changed.add(job.id());
            }
            return new Answer.TooLate(job);
        }
        if (!attempt.running()) {
            return new Answer.Accepted(job); // the same post again: counted once
        }
        if (now.isAfter(attempt.expiresAt())) {
            expireLease(job, attempt, now);
            attempt.lateResult(outputHash, claimedSeconds, now);
            changed.add(job.id());
            return new Answer.TooLate(job);
        }
        attempt.end(status, outputHash, status == Attempt.Outcome.SUCCEEDED ? output : null, claimedSeconds, now,
                paidSeconds(job, attempt, now));
        release(attempt);
        changed.add(job.id());
        if (status == Attempt.Outcome.FAILED) {
            failed(job, attempt, "DEVICE_FAILED", now);
        } else {
            validate(job, now);
        }
        return new Answer.Accepted(job);
    }

    /**
     * The cloud fallback computed this job's {@code output} at {@code now}: a job still open completes, once, as
     * served by the cloud ({@code JobCompleted} with {@code servedBy=cloud}, nobody paid, not validated, its result
     * hash the output's SHA-256), and its running leases are withdrawn, so a phone's result after this is too late
     * (recorded, neither counted nor paid). A job already final is left as it is: a phones' completion stands. The
     * job as it stands after this; empty for a job the book does not know.
     */
    public Optional<Job> servedByCloud(String jobId, byte[] output, Instant now) {
        Job job = jobs.get(jobId);
        if (job == null || job.state().isFinal()) {
            return Optional.ofNullable(job);
        }
        for (Attempt attempt : job.attempts()) {
            if (attempt.running()) {
                attempt.end(Attempt.Outcome.WITHDRAWN, null, null, null, null, null);
                release(attempt);
            }
        }
        String hash = Vectors.sha256Hex(output);
        job.servedByCloud(hash, output);
        ended(job);
        changed.add(job.id());
        journal.accept(new JobCompletedEvent(Required.newEventId(), now, job.id(), job.partner(),
                job.taskType().key(), job.taskType().gpuSecondsPerTask(), hash, false, job.submittedAt(), List.of(),
                List.of(), JobCompletedEvent.CLOUD, false, false));
        return Optional.of(job);
    }

    /** Ends the leases whose deadline passed and the jobs whose lifetime did; call it often (e.g. every 100 ms). */
    public void expire(Instant now) {
        if (timers.size() >= compactTimersAt) {
            timers.removeIf(this::dead);
            compactTimersAt = Math.max(MIN_TIMERS_COMPACTED, 2 * timers.size());
        }
        while (!timers.isEmpty() && !timers.peek().at().isAfter(now)) {
            Timer timer = timers.poll();
            Job job = jobs.get(timer.jobId());
            if (job == null || job.state().isFinal()) {
                continue;
            }
            if (timer.leaseId() != null) {
                Attempt attempt = attemptOf(job, timer.leaseId());
                if (attempt.running()) {
                    expireLease(job, attempt, now);
                }
            } else if (job.checking()) {
                spotChecked(job.id(), null, now); // the check never answered: the phones' agreement stands
            } else if (job.attempts().stream().noneMatch(Attempt::running)) {
                finish(job, JobState.EXPIRED, "EXPIRED: no result within " + settings.jobLifetime(), now);
            } else {
                // a lease still runs: look again when it ends
                job.attempts().stream().filter(Attempt::running).map(Attempt::expiresAt).max(Comparator.naturalOrder())
                        .ifPresent(at -> timers.add(new Timer(at.plusMillis(1), job.id(), null)));
            }
        }
    }

    /** Whether any job of the partner waits for a device. */
    public boolean hasQueued(String partner) {
        return queues.getOrDefault(partner, Map.of()).values().stream().anyMatch(queue -> !queue.isEmpty());
    }

    /** Each task type's queue of a partner: jobs waiting for a device and the oldest's age. */
    public List<QueueDepth> queue(String partner, Instant now) {
        List<QueueDepth> depths = new ArrayList<>();
        queues.getOrDefault(partner, Map.of()).forEach((taskType, queue) -> depths.add(new QueueDepth(taskType,
                queue.size(), queue.stream().map(Job::submittedAt).min(Comparator.naturalOrder())
                .map(oldest -> Duration.between(oldest, now)).orElse(Duration.ZERO))));
        depths.sort(Comparator.comparing(QueueDepth::taskType));
        return depths;
    }

    /** Results of this device that agreed and disagreed with the accepted ones (for a reputation score). */
    public int[] validity(String deviceId) {
        return validityByDevice.getOrDefault(deviceId, new int[2]).clone();
    }

    /**
     * The seconds a result received at {@code receivedAt} is paid, to the microsecond (an embedding takes under a
     * millisecond on a phone): measured by the broker from the lease being granted to the result being received,
     * never what the device claims, and bounded by {@link #payBoundMicros}.
     */
    static double paidSeconds(Job job, Attempt attempt, Instant receivedAt) {
        long measured = Math.max(0, Duration.between(attempt.leasedAt(), receivedAt).toNanos() / 1_000);
        return Math.min(measured, payBoundMicros(job, attempt.device())) / 1e6;
    }

    /**
     * The most a result of this job on this device is paid, in microseconds (floored, so never more than the task
     * takes; 941 µs for an embedding on a 34-TOPS phone): the tightest bound the book knows
     * honestly, which is what the task takes on that device by the task table ({@code gpu_seconds_per_task ×
     * 2000 ÷ the device's TOPS}, as device-registry rates the model; 29.4 s for text inference on a 34-TOPS phone)
     * and never more than the lease (a result after it is not paid at all). Time a phone spends beyond what its
     * rating says the work takes (slower than rated, waiting, a stalled upload) is not paid.
     */
    static long payBoundMicros(Job job, EligibleDevice device) {
        double onDevice = Math.floor(job.taskType().secondsOn(device.tops()) * 1e6);
        long lease = job.leaseDuration().toNanos() / 1_000;
        return Double.isFinite(onDevice) ? Math.min(lease, (long) onDevice) : lease;
    }

    private void expireLease(Job job, Attempt attempt, Instant now) {
        changed.add(job.id());
        attempt.end(Attempt.Outcome.EXPIRED, null, null, null, null, null);
        release(attempt);
        failed(job, attempt, "LEASE_EXPIRED", now);
    }

    private void failed(Job job, Attempt attempt, String reason, Instant now) {
        int number = job.attempts().indexOf(attempt) + 1;
        job.failedBecause(reason + " (attempt " + number + ", " + attempt.device().deviceId() + ")");
        boolean outOfAttempts = job.failures() >= settings.maxFailures();
        journal.accept(new JobFailedEvent(Required.newEventId(), now, job.id(), job.partner(), job.taskType().key(),
                attempt.device().deviceId(), reason, number, false));
        if (outOfAttempts) {
            finish(job, JobState.FAILED, settings.maxFailures() + " attempts failed or expired", now);
        } else {
            requeue(job);
        }
    }

    /**
     * The service's re-execution of a job being spot-checked ({@code output} null when it could not compute it):
     * agreeing with the phones, the job completes as theirs, spot-checked; disagreeing, it completes with the
     * service's answer as served by the cloud, every phone that agreed on the wrong answer gets a strike and none is
     * paid. A job not being checked (any more) is left alone.
     */
    public CheckOutcome spotChecked(String jobId, byte[] output, Instant now) {
        Job job = jobs.get(jobId);
        if (job == null || !job.checking() || job.state().isFinal()) {
            return CheckOutcome.NOT_CHECKING;
        }
        job.checking(false);
        changed.add(job.id());
        Attempt phones = job.bestAgreement().orElseThrow().getKey();
        if (output == null) {
            complete(job, phones.outputHash(), phones.output(), true, false, Reputation.Reason.DISSENT, now);
            return CheckOutcome.UNANSWERED;
        }
        if (Outputs.agree(phones.output(), output)) {
            complete(job, phones.outputHash(), phones.output(), true, true, Reputation.Reason.DISSENT, now);
            return CheckOutcome.AGREED;
        }
        complete(job, Vectors.sha256Hex(output), output, false, false, Reputation.Reason.SPOT_CHECK, now);
        return CheckOutcome.DISAGREED;
    }

    /**
     * Completes the job once {@code redundancy} results agree; otherwise asks for more devices. The delivered
     * output is the agreeing group's first. A canary is judged against its known answer instead; a job the spot
     * check picks waits for the service's re-execution.
     */
    private void validate(Job job, Instant now) {
        if (job.checking() || job.state().isFinal()) {
            return; // judged with the others when the service answers; or completed already, once
        }
        if (job.canary()) {
            byte[] known = job.knownAnswer();
            boolean right = job.attempts().stream().anyMatch(a -> a.outcome() == Attempt.Outcome.SUCCEEDED
                    && job.agree(Vectors.sha256Hex(known), known, a));
            complete(job, Vectors.sha256Hex(known), known, right, false, Reputation.Reason.CANARY,
                    now);
            return;
        }
        var best = job.bestAgreement().orElseThrow();
        if (best.getValue() < job.redundancy()) {
            boolean hopeless = job.attempts().size() >= job.redundancy() + settings.maxFailures()
                    && job.attempts().stream().noneMatch(Attempt::running);
            if (hopeless) {
                finish(job, JobState.FAILED, "results never agreed", now);
            } else {
                requeue(job);
            }
            return;
        }
        if (Outputs.hasVectorOutput(job.taskType()) && job.input() != null && spotCheck.test(job)) {
            job.checking(true);
            requeue(job);
            spotChecks.add(spotCheckOf(job));
            return;
        }
        complete(job, best.getKey().outputHash(), best.getKey().output(), true, false, Reputation.Reason.DISSENT, now);
    }

    /**
     * Completes the job with this answer: each successful result agreeing with it is valid (paid when phones served
     * it, and a good mark for its device), each other one a strike for {@code reason}. Served by the cloud (the
     * service's own answer), nobody is paid.
     */
    private void complete(Job job, String hash, byte[] delivered, boolean servedByPhones, boolean spotChecked,
                          Reputation.Reason reason, Instant now) {
        List<JobCompletedEvent.Execution> executions = new ArrayList<>();
        List<String> dissenters = new ArrayList<>();
        for (Attempt attempt : job.attempts()) {
            if (attempt.outcome() != Attempt.Outcome.SUCCEEDED) {
                continue;
            }
            boolean agrees = job.agree(hash, delivered, attempt);
            attempt.validated(agrees);
            validityByDevice.computeIfAbsent(attempt.device().deviceId(), d -> new int[2])[agrees ? 0 : 1]++;
            if (!agrees) {
                dissenters.add(attempt.device().deviceId());
                reputation.strike(attempt.device(), reason, now);
            } else {
                reputation.agreed(attempt.device(), now);
                if (servedByPhones) {
                    EligibleDevice device = attempt.device();
                    executions.add(new JobCompletedEvent.Execution(device.deviceId(), device.ownerId(),
                            device.region(), device.tops(), attempt.paidSeconds(), attempt.claimedSeconds()));
                }
            }
        }
        if (servedByPhones) {
            job.completed(hash, delivered);
        } else {
            job.servedByCloud(hash, delivered);
        }
        ended(job);
        journal.accept(new JobCompletedEvent(Required.newEventId(), now, job.id(), job.partner(), job.taskType().key(),
                job.taskType().gpuSecondsPerTask(), hash, true, job.submittedAt(), executions, dissenters,
                servedByPhones ? JobCompletedEvent.PHONES : JobCompletedEvent.CLOUD, job.canary(), spotChecked));
    }

    private static SpotCheck spotCheckOf(Job job) {
        return new SpotCheck(job.id(), job.partner(), job.taskType(), job.input());
    }

    private void finish(Job job, JobState state, String reason, Instant now) {
        changed.add(job.id());
        job.failedBecause(reason);
        job.state(state);
        ended(job);
        journal.accept(new JobFailedEvent(Required.newEventId(), now, job.id(), job.partner(), job.taskType().key(),
                null, state + ": " + String.join("; ", job.failureReasons()), job.attempts().size(), true));
    }

    /** Puts the job in its queue while it needs devices, takes it out when it needs none. */
    private void requeue(Job job) {
        TreeSet<Job> queue = queues.computeIfAbsent(job.partner(), p -> new HashMap<>())
                .computeIfAbsent(job.taskType().key(), t -> new TreeSet<>(DISPATCH_ORDER));
        if (job.openSlots() > 0) {
            if (queue.add(job)) {
                partnersWithNewWork.add(job.partner());
            }
            job.state(JobState.QUEUED);
        } else {
            queue.remove(job);
            if (!job.state().isFinal()) {
                job.state(JobState.LEASED);
            }
        }
    }

    /** A job reached its final state: out of its queue, no longer open, its attempts' outputs forgotten. */
    private void ended(Job job) {
        dequeue(job);
        job.forgetOutputs();
        finished.add(job);
        openJobsByPartner.computeIfPresent(job.partner(), (p, n) -> n > 1 ? n - 1 : null);
    }

    private void dequeue(Job job) {
        var byTaskType = queues.get(job.partner());
        if (byTaskType != null && byTaskType.containsKey(job.taskType().key())) {
            byTaskType.get(job.taskType().key()).remove(job);
        }
    }

    private void release(Attempt attempt) {
        runningLeasesByDevice.computeIfPresent(attempt.device().deviceId(), (d, n) -> n > 1 ? n - 1 : null);
    }

    private static Attempt attemptOf(Job job, String leaseId) {
        for (Attempt attempt : job.attempts()) {
            if (attempt.leaseId().equals(leaseId)) {
                return attempt;
            }
        }
        throw new IllegalStateException("lease " + leaseId + " is not of job " + job.id());
    }

    /** Whether a job was submitted by this request; a job or request whose hash is unknown counts as the same. */
    private static boolean sameRequest(Job job, String requestHash) {
        return job.requestHash() == null || requestHash == null || job.requestHash().equals(requestHash);
    }

    /** When to look at a lease (leaseId set) or at a job's lifetime. */
    private record Timer(Instant at, String jobId, String leaseId) {
    }

    /** Below this many timers the queue is never compacted: too few to matter. */
    private static final int MIN_TIMERS_COMPACTED = 10_000;

    /** Whether a timer can no longer do anything: its job is gone or final, or its lease ended. */
    private boolean dead(Timer timer) {
        Job job = jobs.get(timer.jobId());
        if (job == null || job.state().isFinal()) {
            return true;
        }
        return timer.leaseId() != null && !attemptOf(job, timer.leaseId()).running();
    }

    /** Timers held, dead ones included until the next compaction (tests and a gauge). */
    public int timersHeld() {
        return timers.size();
    }
}
