package io.nhp.jobs.broker;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.nhp.contracts.Topics;
import io.nhp.contracts.events.Event;
import io.nhp.contracts.events.JobAssignedEvent;
import io.nhp.contracts.events.JobCompletedEvent;
import io.nhp.contracts.events.JobFailedEvent;
import io.nhp.contracts.events.JobSubmittedEvent;
import io.nhp.contracts.events.Required;
import io.nhp.contracts.jobs.JobSnapshot;
import io.nhp.embeddings.Vectors;
import io.nhp.jobs.broker.WaitingDevices.Waiter;
import io.nhp.jobs.checks.ServiceModel;
import io.nhp.jobs.config.BrokerConfig;
import io.nhp.jobs.config.ChecksConfig;
import io.nhp.jobs.domain.Attempt;
import io.nhp.jobs.domain.EligibleDevice;
import io.nhp.jobs.domain.Job;
import io.nhp.jobs.domain.JobBook;
import io.nhp.jobs.domain.JobState;
import io.nhp.jobs.domain.Lease;
import io.nhp.jobs.domain.Outputs;
import io.nhp.jobs.domain.Reputation;
import io.nhp.jobs.domain.TaskType;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The broker: one thread owns the {@link JobBook}. Requests become commands on its inbox; the thread runs a
 * batch of them and hands every changed job, every event and every answer of the batch to the {@link GroupCommit},
 * which writes them in a Kafka transaction on its own thread (with whatever other batches are waiting) and only
 * then answers them, while the broker thread goes on with the next batch. So a partner's 202 and a device's 200 for
 * its result always mean "durably in Kafka", and a transaction costs one commit however many requests it holds. A
 * lease is answered as soon as it is made, once the device's own results are durable: it is not money, and one lost
 * with its batch is unknown to the rebuilt book, like an expired lease. Devices that poll while nothing fits wait
 * here until work arrives or their wait ends: one poll per device (its newest), and at most {@code max-long-polls}
 * in all. While the book cannot be rebuilt from Kafka in full, the broker is not ready and refuses every request
 * with 503.
 * Several instances share the jobs by partition of {@code nhp.jobs.state} ({@link Shards}): each book holds the jobs of
 * its instance's partitions, and is rebuilt whenever the consumer group moves partitions.
 */
@ApplicationScoped
public class JobBroker {

    private static final Logger LOG = Logger.getLogger(JobBroker.class);
    private static final int MAX_BATCH = 2_000;
    /** Closed batches that may wait for the writer before the broker thread waits for it. */
    private static final int MAX_PENDING_BATCHES = 64;

    private final BrokerConfig config;
    private final String bootstrapServers;
    private final MeterRegistry meters;
    private final ChecksConfig checks;
    private final ServiceModel serviceModel;
    private final BlockingQueue<Runnable> inbox = new LinkedBlockingQueue<>();
    private final List<Event> journal = new ArrayList<>();
    /** What to run once the current batch is in Kafka, and what if it cannot be written (this batch's). */
    private List<Runnable> answers = new ArrayList<>();
    private List<Runnable> refusals = new ArrayList<>();
    /**
     * Leases (and "no lease") answered without waiting for Kafka, made in this pass: at its end each is completed
     * on its request's own event loop, so that writing the JSON responses is not the broker thread's work.
     */
    private List<Early> answersNow = new ArrayList<>();
    /** Batches handed to a writer so far (broker thread); the batch being built now is the next one. */
    private long batchesClosed;
    /** The latest batch in Kafka, set in order once each is committed: results handed in up to it are durable. */
    private volatile long batchesDurable;
    private final List<String> forgottenIds = new ArrayList<>();
    /** Devices in a long poll, waiting for work. */
    private final WaitingDevices waiting = new WaitingDevices();
    /** Who waits for a job to reach its final state (broker thread only): completed once that is in Kafka. */
    private final Map<String, List<CompletableFuture<Finished>>> finishWatchers = new HashMap<>();
    /** Jobs watched now, for the gauge (the map is the broker thread's). */
    private final AtomicInteger watchedJobs = new AtomicInteger();
    private final Set<String> partnersWithNewDevices = ConcurrentHashMap.newKeySet();
    /** Long polls admitted and not yet answered. */
    private final AtomicInteger openPolls = new AtomicInteger();
    /**
     * Claimed compute times above this are counted as this in {@code nhp.jobs.device.claimed}: any finite claim is
     * accepted (and kept for audit), and a few absurd ones must not overflow the timer's total for good.
     */
    private static final double CLAIMS_COUNTED_UP_TO_SECONDS = 86_400;
    private final List<String> writerIds;
    private final Timer timeToAssign;
    private final Timer timeToComplete;
    private final Timer deviceRound;
    private final Timer deviceClaimed;
    /** Devices' polls and exchanges answered at once, and those that waited for a commit (their results). */
    private final Counter answeredAtOnce;
    private final Counter answeredAfterCommit;
    private final Timer inboxWait;
    private final MultiGauge queueDepth;
    private final MultiGauge oldestQueued;
    private final MultiGauge waitingDevices;
    private final MultiGauge coolingOff;
    /** Null while the book is not rebuilt from Kafka (at start, or after a failed write until recovered). */
    private volatile JobBook book;
    /** Why the broker is not ready; null once it is. */
    private volatile String notReadyBecause = "starting: the job book is not rebuilt from Kafka yet";
    /** The writer of the book rebuilt last; null while there is none. */
    private GroupCommit writer;
    private Catalog catalog;
    private Thread thread;
    private volatile boolean running;
    private Shards shards;
    /** The partitions this instance serves and the group generation they were given under; null while none. */
    private volatile Assignment assignment;
    /** Completed once the first rebuild has been tried (ready or not), so that start-up waits for it. */
    private final CompletableFuture<Void> firstRebuild = new CompletableFuture<>();
    private Instant nextRecovery = Instant.EPOCH;
    private Instant nextCleanup = Instant.EPOCH;
    private Instant nextGauges = Instant.EPOCH;

    JobBroker(BrokerConfig config,
              @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers, MeterRegistry meters,
              ChecksConfig checks, ServiceModel serviceModel) {
        this.config = config;
        this.checks = checks;
        this.serviceModel = serviceModel;
        this.bootstrapServers = bootstrapServers;
        this.writerIds = JobStore.transactionalIds(config.transactionalId(), config.writers()); // refused at start
        this.meters = meters;
        String answered = "nhp.jobs.device.answers";
        String answeredHow = "Devices' polls and exchanges answered: at once, or after a commit (their results' own)";
        this.answeredAtOnce = Counter.builder(answered).tag("when", "at_once").description(answeredHow).register(meters);
        this.answeredAfterCommit = Counter.builder(answered).tag("when", "after_commit").description(answeredHow)
                .register(meters);
        this.timeToAssign = Timer.builder("nhp.jobs.assign")
                .description("From a job's submission to its first lease")
                .publishPercentileHistogram()
                .register(meters);
        this.timeToComplete = Timer.builder("nhp.jobs.complete")
                .description("From a job's submission to its completion in the book (before that is in Kafka)")
                .publishPercentileHistogram().register(meters);
        this.deviceRound = Timer.builder("nhp.jobs.device.round")
                .description("From a lease to its result at the broker: the answer's way out, the device's compute "
                        + "and the way back (the results of completed jobs)")
                .publishPercentileHistogram().register(meters);
        this.deviceClaimed = Timer.builder("nhp.jobs.device.claimed")
                .description("The compute time devices say their results took (completed jobs; never paid: beside "
                        + "nhp.jobs.device.round it shows what the way to the device and back costs)")
                .publishPercentileHistogram().register(meters);
        this.inboxWait = Timer.builder("nhp.jobs.inbox.wait")
                .description("A request's wait for the broker thread, from its arrival to its command running")
                .publishPercentileHistogram().register(meters);
        this.queueDepth = MultiGauge.builder("nhp.jobs.queue.depth").description("Jobs waiting for a device")
                .register(meters);
        this.oldestQueued = MultiGauge.builder("nhp.jobs.queue.oldest").baseUnit("seconds")
                .description("Age of the oldest job waiting for a device").register(meters);
        this.waitingDevices = MultiGauge.builder("nhp.jobs.devices.waiting")
                .description("Devices in a long poll, waiting for work").register(meters);
        this.coolingOff = MultiGauge.builder("nhp.jobs.devices.cooling_off")
                .description("Devices in cool-off after repeated strikes: leased nothing").register(meters);
        Gauge.builder("nhp.jobs.polls.open", openPolls, AtomicInteger::get)
                .description("Long polls open now (nhp.jobs.max-long-polls at most)").register(meters);
        Gauge.builder("nhp.jobs.partitions.served", this, broker -> broker.servedPartitions().size())
                .description("Partitions of nhp.jobs.state (shares of the jobs) this instance serves now").register(meters);
        Gauge.builder("nhp.jobs.watched", watchedJobs, AtomicInteger::get)
                .description("Jobs a request waits on to finish (/v1/embeddings)").register(meters);
    }

    void start(@Observes StartupEvent startup) throws InterruptedException {
        Duration remembered = config.jobLifetime().plus(config.finishedRetention());
        Duration needed = checks.reputation().window().plus(checks.reputation().coolOff());
        if (needed.compareTo(remembered) > 0) {
            // strikes are rebuilt from the job snapshots, which are kept only that long
            LOG.warnf("nhp.jobs.reputation window + cool-off (%s) exceed job-lifetime + finished-retention (%s): "
                    + "a restart forgets strikes older than the latter", needed, remembered);
        }
        catalog = new Catalog(bootstrapServers, partnersWithNewDevices::add);
        catalog.start(Duration.ofSeconds(30));
        notReadyBecause = "waiting for partitions of " + Topics.JOBS_STATE.name() + " from the consumer group "
                + config.group();
        running = true;
        thread = new Thread(this::loop, "job-broker");
        thread.start();
        try {
            JobStore.createTopic(bootstrapServers); // the group is assigned partitions of a topic that exists
        } catch (java.util.concurrent.ExecutionException e) {
            LOG.warnf("could not create %s yet: %s", Topics.JOBS_STATE.name(), e.getMessage());
        }
        shards = new Shards(bootstrapServers, config.group(), config.self(), config.sessionTimeout());
        shards.start(new Membership());
        try {
            firstRebuild.get(60, TimeUnit.SECONDS); // start ready when the book can be rebuilt
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            LOG.warnf("job-broker started NOT READY: %s", notReadyBecause);
        }
    }

    void stop(@Observes ShutdownEvent shutdown) throws InterruptedException {
        if (shards != null) {
            shards.close(); // leaves the group: the partitions go to the others once what is pending is written
        }
        running = false;
        if (thread != null) {
            thread.join(15_000);
        }
        if (writer != null) {
            writer.close(true);
        }
        if (catalog != null) {
            catalog.close();
        }
    }

    /** Whether the broker runs with a book rebuilt from Kafka (readiness). */
    public boolean ready() {
        return running && thread != null && thread.isAlive() && book != null;
    }

    /** Why the broker is not ready (for the readiness check); empty when it is. */
    public Optional<String> notReadyBecause() {
        if (ready()) {
            return Optional.empty();
        }
        return Optional.of(notReadyBecause != null ? notReadyBecause : "the broker thread is not running");
    }

    /**
     * The device's current credential version as device-registry published it ({@code nhp.devices.registered});
     * empty for a device it has not registered (or has deleted).
     */
    public Optional<Integer> credentialVersion(String deviceId) {
        return catalog.credentialVersion(deviceId);
    }

    /** The task type of that key, as the reference data has it now. */
    public Optional<TaskType> taskType(String key) {
        return catalog.taskType(key);
    }

    /**
     * Runs {@code action} on the broker thread; the stage completes with its value once what it changed is in
     * Kafka, or fails with what it threw (or with the write's failure).
     */
    public <T> CompletionStage<T> call(Function<JobBook, T> action) {
        var answer = new CompletableFuture<T>();
        enqueue(() -> {
            if (book == null) {
                answer.completeExceptionally(new BrokerUnavailable(notReadyBecause));
                return;
            }
            T value;
            try {
                value = action.apply(book);
            } catch (RuntimeException e) {
                answer.completeExceptionally(e);
                return;
            }
            answers.add(() -> answer.complete(value));
            refusals.add(() -> answer.completeExceptionally(new BrokerUnavailable()));
        });
        return answer;
    }

    /**
     * {@link #call} for the job or lease {@code key} names: refused (503, try again) if its partition is no longer
     * this instance's when the command runs (a rebalance between the request's check and now), rather than answered
     * from a book that does not hold it.
     */
    public <T> CompletionStage<T> callFor(String key, Function<JobBook, T> action) {
        return call(book -> {
            requireServedNow(key);
            return action.apply(book);
        });
    }

    /** On the broker thread: refuses a key whose partition this instance does not serve now. */
    private void requireServedNow(String key) {
        Assignment assigned = assignment;
        if (assigned == null || !assigned.partitions().contains(Shards.partitionOf(key))) {
            throw new BrokerUnavailable("the partition of '" + key + "' moved to another instance");
        }
    }

    /** A job that reached its final state, as it ended: its state, output (if any) and who served it. */
    public record Finished(String jobId, JobState state, byte[] output, String servedBy) {
        static Finished of(Job job) {
            return new Finished(job.id(), job.state(), job.output(), job.servedBy());
        }
    }

    /**
     * One future per job id (in order), completed when the job reaches its final state and that is in Kafka (at
     * once for a job already final); a job the book does not know completes with state {@code null}. The caller
     * must {@link #unwatch} the ids it stops waiting for, so nothing is kept for them.
     */
    public List<CompletableFuture<Finished>> watch(List<String> jobIds) {
        List<CompletableFuture<Finished>> futures = jobIds.stream().map(id -> new CompletableFuture<Finished>()).toList();
        enqueue(() -> {
            if (book == null) {
                futures.forEach(f -> f.completeExceptionally(new BrokerUnavailable(notReadyBecause)));
                return;
            }
            for (int i = 0; i < jobIds.size(); i++) {
                String id = jobIds.get(i);
                CompletableFuture<Finished> future = futures.get(i);
                Optional<Job> job = book.job(id);
                if (job.isEmpty()) {
                    future.complete(new Finished(id, null, null, null));
                } else if (job.get().state().isFinal()) {
                    Finished finished = Finished.of(job.get());
                    answers.add(() -> future.complete(finished)); // final perhaps in this very batch: once durable
                    refusals.add(() -> future.completeExceptionally(new BrokerUnavailable()));
                } else {
                    finishWatchers.computeIfAbsent(id, k -> new ArrayList<>()).add(future);
                }
            }
            watchedJobs.set(finishWatchers.size());
        });
        return futures;
    }

    /** Stops watching these jobs: their futures are dropped, finished or not. */
    public void unwatch(List<String> jobIds) {
        enqueue(() -> {
            jobIds.forEach(finishWatchers::remove);
            watchedJobs.set(finishWatchers.size());
        });
    }

    /** A validated job to queue, its task type, and the canonical hash of the request it came in. */
    public record Submission(JobSubmittedEvent event, TaskType taskType, String requestHash) {
    }

    /**
     * Queues one partner's jobs (validated), all or none, and answers their ids; an idempotency key already used for
     * the same request answers the earlier job, and one used for a different request refuses them all
     * ({@link JobBook.IdempotencyKeyReused}); new jobs beyond the partner's open-job quota refuse them all too
     * ({@link QuotaExceeded}).
     */
    public CompletionStage<List<String>> submit(List<Submission> jobs) {
        return call(book -> {
            if (!jobs.stream().allMatch(job -> assignment.partitions().contains(Shards.partitionOf(job.event().jobId())))) {
                throw new BrokerUnavailable("the partitions of these jobs moved to another instance");
            }
            // every key is checked before anything is queued: a reused one refuses the whole batch, unchanged
            List<Optional<Job>> earlier = jobs.stream().map(job -> book.retried(job.event().partner(),
                    job.event().idempotencyKey(), job.requestHash())).toList();
            requireQuota(book, jobs.get(0).event().partner(), earlier.stream().filter(Optional::isEmpty).count());
            List<String> ids = new ArrayList<>(jobs.size());
            for (int i = 0; i < jobs.size(); i++) {
                if (earlier.get(i).isPresent()) {
                    ids.add(earlier.get(i).get().id());
                    continue;
                }
                Submission job = jobs.get(i);
                journal.add(job.event());
                ids.add(book.submit(job.event(), job.taskType(), job.requestHash()).id());
                meters.counter("nhp.jobs.submitted", "partner", job.event().partner(), "task_type",
                        job.event().taskType()).increment();
                maybeCanary(book, job);
            }
            return ids;
        });
    }

    /**
     * Beside a partner's vector job, with the partner's canary share, a canary for its devices: one of the service's
     * inputs with a known answer, leased like any job (same task type and deadline, redundancy 1). It is the
     * platform's job: outside the partner's quota, and its completion says canary.
     */
    private void maybeCanary(JobBook book, Submission job) {
        String partner = job.event().partner();
        if (!Outputs.hasVectorOutput(job.taskType())
                || ThreadLocalRandom.current().nextDouble() >= checks.canary().of(partner)) {
            return;
        }
        serviceModel.canary(job.taskType()).ifPresent(known -> {
            var canary = new JobSubmittedEvent(Required.newEventId(), job.event().eventTime(),
                    shards.idBeside(job.event().jobId()), partner, job.taskType().key(), null,
                    Vectors.sha256Hex(known.input().getBytes(java.nio.charset.StandardCharsets.UTF_8)),
                    job.event().deadlineSeconds(), 1, job.event().priority(), null, known.input());
            journal.add(canary);
            book.submitCanary(canary, job.taskType(), known.output());
            meters.counter("nhp.jobs.canaries", "partner", partner).increment();
        });
    }

    /** Hands the jobs the spot check picked to the service's model; each answer comes back through the inbox. */
    private void dispatchSpotChecks(List<JobBook.SpotCheck> picked) {
        for (JobBook.SpotCheck check : picked) {
            serviceModel.reexecute(check.taskType(), check.input()).whenComplete((output, failure) -> {
                if (failure != null) {
                    LOG.warnf(failure, "spot check of job %s could not be computed; the phones' answer stands",
                            check.jobId());
                }
                call(book -> {
                    JobBook.CheckOutcome outcome = book.spotChecked(check.jobId(), output, Instant.now());
                    if (outcome != JobBook.CheckOutcome.NOT_CHECKING) {
                        meters.counter("nhp.jobs.spot_checks", "partner", check.partner(), "outcome",
                                outcome.name().toLowerCase()).increment();
                    }
                    return outcome;
                });
            });
        }
    }

    /** Refuses (and counts) {@code fresh} new jobs that would take the partner beyond its open-job quota. */
    private void requireQuota(JobBook book, String partner, long fresh) {
        int open = book.openJobs(partner);
        // each instance holds its partitions' share of the partner's jobs, and so of its quota
        int max = (int) Math.ceil((double) config.maxOpenJobs(partner) * assignment.partitions().size()
                / Topics.JOBS_STATE.partitions());
        if (fresh > 0 && open + fresh > max) {
            meters.counter("nhp.jobs.refused", "partner", partner, "reason", "quota").increment();
            throw new QuotaExceeded(partner, open, fresh, max, config.quota().retryAfter());
        }
    }

    /**
     * A lease for the device, waiting up to {@code wait} for work that fits; empty when none came. A device's
     * newest poll is the one served: an earlier poll of the device still waiting is answered empty at once (a
     * phone that polls again has usually lost that connection, and a lease handed to it would be lost until the
     * lease expires).
     *
     * @throws TooManyPolls when {@code max-long-polls} long polls are open already
     */
    public CompletionStage<Optional<Lease>> next(String deviceId, String partner, Duration wait) {
        return next(deviceId, partner, wait, Set.of());
    }

    /**
     * {@link #next(String, String, Duration)} for a device that runs only these task types (keys; empty: every
     * task type): it is leased, and woken, only for jobs of those.
     */
    public CompletableFuture<Optional<Lease>> next(String deviceId, String partner, Duration wait,
                                                 Set<String> taskTypes) {
        return cancelling(exchange(deviceId, partner, List.of(), 1, wait, taskTypes),
                exchanged -> exchanged.leases().stream().findFirst());
    }

    /** A device's result for one of its leases, as received at {@code receivedAt}. */
    public record Report(String leaseId, Attempt.Outcome outcome, String outputHash, byte[] output,
                         double claimedSeconds, Instant receivedAt) {
    }

    /** What an exchange gave the device: the answer to each of its results (in order), and its new leases. */
    public record Exchanged(List<JobBook.Answer> results, List<Lease> leases) {
    }

    /**
     * A device's round trip, as BOINC's scheduler RPC: its results handed in (each answered as a result post would
     * be), then up to {@code want} leases, waiting up to {@code wait} for at least one when none fits now. All of it
     * is answered once in Kafka. A device's newest poll or exchange is the one served: an earlier one still waiting
     * is answered with no lease at once (a phone that polls again has usually lost that connection, and a lease
     * handed to it would be lost until the lease expires).
     *
     * @throws TooManyPolls when {@code max-long-polls} long polls are open already
     */
    public CompletableFuture<Exchanged> exchange(String deviceId, String partner, List<Report> reports, int want,
                                               Duration wait, Set<String> taskTypes) {
        var leases = new CompletableFuture<List<Lease>>();
        if (!wait.isZero() && want > 0) {
            if (openPolls.incrementAndGet() > config.maxLongPolls()) {
                openPolls.decrementAndGet();
                throw new TooManyPolls(config.maxLongPolls());
            }
            leases.whenComplete((leased, failure) -> openPolls.decrementAndGet());
        }
        List<JobBook.Answer> answered = new ArrayList<>(reports.size());
        Context caller = Vertx.currentContext(); // the request's event loop, where its answer is best completed
        enqueue(() -> {
            if (book == null) {
                leases.completeExceptionally(new BrokerUnavailable(notReadyBecause));
                return;
            }
            for (Report report : reports) {
                if (!assignment.partitions().contains(Shards.partitionOf(report.leaseId()))) {
                    leases.completeExceptionally(new BrokerUnavailable("the partition of lease '" + report.leaseId()
                            + "' moved to another instance"));
                    return; // nothing of this exchange was done: the device hands its results in again
                }
            }
            for (Report report : reports) {
                answered.add(book.report(report.leaseId(), deviceId, report.outcome(), report.outputHash(),
                        report.output(), report.claimedSeconds(), report.receivedAt()));
            }
            long resultsIn = reports.isEmpty() ? 0 : batchesClosed + 1;
            if (!reports.isEmpty()) {
                // the results are in this batch: whatever answers the exchange later, it must not outlive a refusal
                refusals.add(() -> leases.completeExceptionally(new BrokerUnavailable()));
            }
            Instant now = Instant.now();
            Waiter earlier = waiting.remove(partner, deviceId);
            if (earlier != null) { // superseded: no lease, once its own results (if any) are in Kafka
                answer(earlier.answer(), List.of(), earlier.resultsIn(), earlier.caller());
            }
            if (leases.isDone()) {
                return; // the device hung up already: its results count, it is leased nothing
            }
            // a device that hands results in (they are in the batch being built) is answered after its commit: when
            // it would wait anyway, it queues, and the pass's end leases to devices answered at once first
            boolean answerableNow = resultsIn <= batchesDurable; // false exactly when reports were handed in
            List<Lease> leased = answerableNow || wait.isZero() ? tryLeases(deviceId, taskTypes, want, now)
                    : List.of();
            if (!leased.isEmpty() || wait.isZero() || want == 0) {
                answer(leases, leased, resultsIn, caller);
            } else {
                waiting.add(new Waiter(deviceId, partner, Set.copyOf(taskTypes), want, now.plus(wait), resultsIn,
                        caller, leases));
                if (!answerableNow && book.hasQueued(partner)) {
                    partnersWithNewDevices.add(partner); // the work queued now is offered to it at the pass's end
                }
            }
        });
        return cancelling(leases, leased -> new Exchanged(List.copyOf(answered), leased));
    }

    /**
     * {@code source} mapped by {@code map}; cancelling the result cancels {@code source} too (a device that hung up:
     * its wait ends, and a waiter whose answer is done is leased nothing).
     */
    private static <S, T> CompletableFuture<T> cancelling(CompletableFuture<S> source, Function<S, T> map) {
        CompletableFuture<T> mapped = source.thenApply(map);
        mapped.whenComplete((value, failure) -> {
            if (failure instanceof java.util.concurrent.CancellationException) {
                source.cancel(false);
            }
        });
        return mapped;
    }

    /** Puts a command on the broker thread's inbox, timing its wait there. */
    private void enqueue(Runnable command) {
        long queued = System.nanoTime();
        inbox.add(() -> {
            inboxWait.record(System.nanoTime() - queued, TimeUnit.NANOSECONDS);
            command.run();
        });
    }

    private void loop() {
        List<Runnable> batch = new ArrayList<>(MAX_BATCH);
        while (running) {
            try {
                Runnable first = inbox.poll(20, TimeUnit.MILLISECONDS);
                if (first != null) {
                    batch.add(first);
                    inbox.drainTo(batch, MAX_BATCH - 1);
                }
                batch.forEach(Runnable::run);
                batch.clear();
                Instant now = Instant.now();
                if (book == null) {
                    endWaits(now);
                    answerNow(); // made before the book was released this pass
                    if (assignment != null && !now.isBefore(nextRecovery)) {
                        recoverOrStayUnready(now);
                    }
                    continue;
                }
                if (writer.failed()) {
                    fail();
                    continue;
                }
                book.expire(now);
                serveWaiting(now);
                answerNow(); // the leases go out before the batch is handed on (that may wait for the writer)
                cleanUp(now);
                closeBatch();
                endWaits(now);
                answerNow();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.error("job broker loop failed; recovering from Kafka", e);
                try {
                    fail();
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
        if (book != null) {
            try {
                closeBatch();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Hands the batch to the writer: the changed jobs, the forgotten ones, the events, and what to run once they are
     * in Kafka (the answers, whoever watches a job the batch finished, the metrics, the spot checks picked).
     */
    private void closeBatch() throws InterruptedException {
        List<JobSnapshot> changed = book.drainChanges();
        List<String> forgotten = drainForgotten();
        List<Event> events = List.copyOf(journal);
        journal.clear();
        if (changed.isEmpty() && forgotten.isEmpty() && events.isEmpty() && answers.isEmpty()) {
            return;
        }
        List<Runnable> afterCommit = answers;
        List<Runnable> refused = refusals;
        answers = new ArrayList<>();
        refusals = new ArrayList<>();
        long closed = ++batchesClosed;
        afterCommit.add(0, () -> batchesDurable = closed); // the answers thread runs them in the batches' order
        notifyFinished(events, afterCommit, refused);
        afterCommit.add(counting(events, book.reputation().drainStrikes()));
        List<JobBook.SpotCheck> spotChecks = book.drainSpotChecks();
        if (!spotChecks.isEmpty()) {
            afterCommit.add(() -> dispatchSpotChecks(spotChecks));
        }
        writer.add(new GroupCommit.Batch(changed, forgotten, events, afterCommit, refused));
    }

    /**
     * Whoever watches a job the batch finished is told once the batch is in Kafka; if it cannot be written, they
     * watch again (the rebuilt book has the job as it was before).
     */
    private void notifyFinished(List<Event> events, List<Runnable> afterCommit, List<Runnable> refused) {
        if (finishWatchers.isEmpty()) {
            return;
        }
        for (Event event : events) {
            String jobId = event instanceof JobCompletedEvent completed ? completed.jobId()
                    : event instanceof JobFailedEvent failed && Boolean.TRUE.equals(failed.terminal()) ? failed.jobId()
                    : null;
            List<CompletableFuture<Finished>> watchers = jobId == null ? null : finishWatchers.remove(jobId);
            if (watchers != null) {
                Finished finished = book.job(jobId).map(Finished::of).orElse(new Finished(jobId, null, null, null));
                afterCommit.add(() -> watchers.forEach(w -> w.complete(finished)));
                refused.add(() -> enqueue(() -> {
                    finishWatchers.computeIfAbsent(jobId, k -> new ArrayList<>()).addAll(watchers);
                    watchedJobs.set(finishWatchers.size());
                }));
            }
        }
        watchedJobs.set(finishWatchers.size());
    }

    /** The batch is not in Kafka: refuse it and rebuild the book from what is. */
    private void fail() throws InterruptedException {
        refusals.forEach(Runnable::run);
        answersNow.forEach(early -> early.answer().completeExceptionally(new BrokerUnavailable()));
        answersNow.clear(); // leases of a book about to be dropped, not answered yet: refused with the rest
        answers.clear();
        refusals.clear();
        journal.clear();
        forgottenIds.clear();
        book = null; // the book holds changes Kafka does not: it must not answer again
        boolean fenced = writer != null && writer.fenced();
        if (writer != null) {
            writer.close(false); // refuses what still waits to be written
            writer = null;
        }
        if (fenced) {
            // the group gave these partitions to another instance: wait for this one's new assignment
            assignment = null;
            notReadyBecause = "its writes were refused by the consumer group " + config.group()
                    + " (its partitions moved); waiting for its new assignment";
            LOG.warn(notReadyBecause);
            return;
        }
        recoverOrStayUnready(Instant.now());
    }

    /**
     * Rebuilds the book from Kafka; if that fails (Kafka unreachable, or a job snapshot that cannot be read), the
     * broker stays not ready, says why (readiness and the log) and tries again after {@code recovery-retry}.
     * Never becomes ready with a job left out.
     */
    private void recoverOrStayUnready(Instant now) throws InterruptedException {
        if (assignment.partitions().isEmpty()) {
            notReadyBecause = "the consumer group " + config.group() + " gave this instance none of the "
                    + Topics.JOBS_STATE.partitions() + " partitions of " + Topics.JOBS_STATE.name()
                    + " (more instances than partitions)";
            nextRecovery = Instant.MAX;
            firstRebuild.complete(null);
            return;
        }
        try {
            recover();
            notReadyBecause = null;
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception e) {
            book = null;
            notReadyBecause = e.getMessage();
            nextRecovery = now.plus(config.recoveryRetry());
            // an unreadable snapshot is told in full by its message; anything else with its stack
            LOG.errorf(e instanceof JobStore.UnreadableSnapshot ? null : e,
                    "job-broker is NOT READY (retrying in %s): %s", config.recoveryRetry(), e.getMessage());
        } finally {
            firstRebuild.complete(null);
        }
    }

    private void recover() throws Exception {
        Assignment assigned = assignment;
        var opened = new JobStore(bootstrapServers, writerIds, assigned.partitions(), assigned.group());
        List<JobSnapshot> jobs;
        try {
            jobs = opened.open(Duration.ofSeconds(60));
        } catch (Exception e) {
            opened.close();
            throw e;
        }
        writer = new GroupCommit(opened, MAX_PENDING_BATCHES, meters);
        // which jobs the spot check picks is random, so devices cannot tell from a job whether it will be checked
        var rebuilt = new JobBook(new JobBook.Settings(config.maxFailures(), config.maxLeasesPerDevice(),
                config.jobLifetime()), new JobBook.Checks(checks.reputation().settings(),
                job -> ThreadLocalRandom.current().nextDouble() < checks.spotCheck().of(job.partner())), journal::add);
        rebuilt.useLeaseIds(shards::idBeside);
        jobs.forEach(rebuilt::restore); // the jobs of this instance's partitions
        rebuilt.drainPartnersWithNewWork();
        book = rebuilt;
        partnersWithNewDevices.addAll(waiting.partners());
        LOG.infof("job book rebuilt from Kafka: %d jobs", jobs.size());
    }

    /** Hands queued work to waiting devices of partners with new work or newly eligible devices. */
    private void serveWaiting(Instant now) {
        Set<String> partners = new HashSet<>(book.drainPartnersWithNewWork());
        for (Iterator<String> it = partnersWithNewDevices.iterator(); it.hasNext(); ) {
            partners.add(it.next());
            it.remove();
        }
        long durable = batchesDurable;
        for (String partner : partners) {
            waiting.serve(partner, resultsIn -> resultsIn <= durable,
                    waiter -> tryLeases(waiter.deviceId(), waiter.taskTypes(), waiter.want(), now),
                    (waiter, leased) -> answer(waiter.answer(), leased, waiter.resultsIn(), waiter.caller()));
        }
    }

    /** Answers "no lease" (204) to devices whose wait is over. */
    private void endWaits(Instant now) {
        waiting.endWaits(now, waiter -> answer(waiter.answer(), List.of(), waiter.resultsIn(), waiter.caller()));
    }

    /** Up to {@code want} leases for the device, while it is eligible and jobs fit (the book caps them per device). */
    private List<Lease> tryLeases(String deviceId, Set<String> taskTypes, int want, Instant now) {
        Optional<EligibleDevice> device = catalog.eligible(deviceId);
        if (device.isEmpty() || want == 0) {
            return List.of();
        }
        List<Lease> leased = new ArrayList<>(Math.min(want, 8));
        while (leased.size() < want) {
            Optional<Lease> lease = book.leaseFor(device.get(), now, taskTypes);
            if (lease.isEmpty()) {
                break;
            }
            leased.add(lease.get());
        }
        return leased;
    }

    /**
     * Answers a device's wait with these leases (none: nothing came). At once when the results it handed in
     * ({@code resultsIn}: their batch, 0 for none) are in Kafka: a lease is not money, it is a promise to take the
     * device's result, and one lost with its batch (a failed write, a crash) is simply unknown to the rebuilt book —
     * the result is answered 404 and the job, if it was in Kafka, is leased again, as after an expiry. Otherwise once
     * the current batch is (it holds the results, or comes after the batch that does): a result is answered 200 only
     * when it is durable. Refused if the batch cannot be written.
     */
    private void answer(CompletableFuture<List<Lease>> answer, List<Lease> leased, long resultsIn, Context caller) {
        if (book == null) {
            answer.complete(leased); // not ready: nothing of this book is answered any more, nor waited for
            return;
        }
        if (resultsIn <= batchesDurable) {
            answersNow.add(new Early(answer, leased, caller));
            answeredAtOnce.increment();
            return;
        }
        answeredAfterCommit.increment();
        answers.add(() -> answer.complete(leased));
        refusals.add(() -> answer.completeExceptionally(new BrokerUnavailable()));
    }

    /** Completes this pass's early answers, each on its request's event loop (here when it has none). */
    private void answerNow() {
        for (Early early : answersNow) {
            if (early.caller() == null) {
                early.answer().complete(early.leased());
            } else {
                early.caller().runOnContext(ignored -> early.answer().complete(early.leased()));
            }
        }
        answersNow.clear();
    }

    /** Every few seconds: the queue gauges. Once a minute: finished jobs past their retention are forgotten. */
    private void cleanUp(Instant now) {
        if (now.isAfter(nextGauges)) {
            List<MultiGauge.Row<?>> depths = new ArrayList<>();
            List<MultiGauge.Row<?>> ages = new ArrayList<>();
            for (String partner : config.partners().keySet()) {
                for (JobBook.QueueDepth queue : book.queue(partner, now)) {
                    Tags tags = Tags.of("partner", partner, "task_type", queue.taskType());
                    depths.add(MultiGauge.Row.of(tags, queue.jobs()));
                    ages.add(MultiGauge.Row.of(tags, queue.oldest().toMillis() / 1000.0));
                }
            }
            queueDepth.register(depths, true);
            oldestQueued.register(ages, true);
            List<MultiGauge.Row<?>> waiters = new ArrayList<>();
            waiting.counts().forEach((partner, count) ->
                    waiters.add(MultiGauge.Row.of(Tags.of("partner", partner), count)));
            waitingDevices.register(waiters, true);
            Map<String, Integer> cooling = book.reputation().coolingOffByPartner(now);
            List<MultiGauge.Row<?>> coolingRows = new ArrayList<>();
            for (String partner : config.partners().keySet()) {
                coolingRows.add(MultiGauge.Row.of(Tags.of("partner", partner), cooling.getOrDefault(partner, 0)));
            }
            coolingOff.register(coolingRows, true);
            nextGauges = now.plusSeconds(5);
        }
        if (now.isAfter(nextCleanup) || book.finishedJobs() > config.maxFinishedJobs()) {
            forgottenIds.addAll(book.forgetFinished(now.minus(config.finishedRetention()), config.maxFinishedJobs()));
            nextCleanup = now.plusSeconds(60);
        }
    }

    private List<String> drainForgotten() {
        List<String> ids = List.copyOf(forgottenIds);
        forgottenIds.clear();
        return ids;
    }

    /** The batch's metrics, read from the book now and counted once the batch is in Kafka. */
    private Runnable counting(List<Event> events, List<Reputation.Strike> strikes) {
        List<Runnable> counts = new ArrayList<>();
        for (Event event : events) {
            if (event instanceof JobAssignedEvent assigned) {
                counts.add(() -> meters.counter("nhp.jobs.attempts", "partner", assigned.partner(), "task_type",
                        assigned.taskType()).increment());
                if (assigned.attempt() != null && assigned.attempt() == 1) {
                    book.job(assigned.jobId()).map(job -> Duration.between(job.submittedAt(), assigned.eventTime()))
                            .ifPresent(wait -> counts.add(() -> timeToAssign.record(wait)));
                }
            } else if (event instanceof JobCompletedEvent completed) {
                var job = book.job(completed.jobId());
                long dissents = job.map(j -> j.attempts().stream()
                        .filter(a -> Boolean.FALSE.equals(a.valid())).count()).orElse(0L);
                job.ifPresent(j -> {
                    Duration toComplete = Duration.between(j.submittedAt(), completed.eventTime());
                    List<Attempt> results = j.attempts().stream().filter(a -> a.resultAt() != null).toList();
                    counts.add(() -> {
                        timeToComplete.record(toComplete);
                        for (Attempt result : results) {
                            deviceRound.record(Duration.between(result.leasedAt(), result.resultAt()));
                            if (result.claimedSeconds() != null) { // a device's word: at most a day counted
                                deviceClaimed.record(Duration.ofNanos((long) (Math.min(result.claimedSeconds(),
                                        CLAIMS_COUNTED_UP_TO_SECONDS) * 1e9)));
                            }
                        }
                    });
                });
                counts.add(() -> {
                    meters.counter("nhp.jobs.completions", "partner", completed.partner(), "task_type",
                            completed.taskType()).increment();
                    meters.counter("nhp.jobs.served", "partner", completed.partner(), "task_type",
                            completed.taskType(), "served_by", completed.servedBy()).increment();
                    meters.counter("nhp.jobs.disagreements", "partner", completed.partner()).increment(dissents);
                });
            } else if (event instanceof JobFailedEvent failed) {
                String outcome = Boolean.TRUE.equals(failed.terminal()) ? "job_failed" : failed.reason().toLowerCase();
                counts.add(() -> meters.counter("nhp.jobs.failures", "partner", failed.partner(), "reason", outcome)
                        .increment());
            }
        }
        for (var strike : strikes) {
            counts.add(() -> {
                meters.counter("nhp.jobs.strikes", "partner", strike.partner(), "reason", strike.reason().tag())
                        .increment();
                if (strike.coolingOff()) {
                    meters.counter("nhp.jobs.cool_offs", "partner", strike.partner()).increment();
                }
            });
        }
        return () -> counts.forEach(Runnable::run);
    }

    /** The partitions this instance serves, and the group generation its writes carry. */
    private record Assignment(Set<Integer> partitions, ConsumerGroupMetadata group) {
    }

    /** What the consumer group decides reaches the broker thread as commands. */
    private final class Membership implements Shards.Listener {
        @Override
        public void revoked() {
            if (!running) {
                return;
            }
            var released = new CompletableFuture<Void>();
            enqueue(() -> {
                try {
                    release();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    released.complete(null);
                }
            });
            try {
                released.get(30, TimeUnit.SECONDS); // the group waits: nothing is written after this returns
            } catch (Exception e) {
                LOG.warn("the job book was not released within 30 s of its partitions being revoked", e);
            }
        }

        @Override
        public void assigned(Set<Integer> partitions, ConsumerGroupMetadata group) {
            enqueue(() -> {
                try {
                    if (book != null) {
                        release();
                    }
                    assignment = new Assignment(partitions, group);
                    nextRecovery = Instant.EPOCH;
                    recoverOrStayUnready(Instant.now());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }
    }

    /**
     * The partitions are moving: what this pass changed is handed to the writer and everything pending is written
     * (under the generation that is still valid), then the book is dropped; waiting devices are answered with no
     * lease, and requests are refused (503) until the book of the new assignment is rebuilt.
     */
    private void release() throws InterruptedException {
        if (book != null) {
            closeBatch();
        }
        if (writer != null) {
            writer.close(true);
            writer = null;
        }
        book = null;
        assignment = null;
        notReadyBecause = "its partitions of " + Topics.JOBS_STATE.name() + " are being reassigned (consumer group "
                + config.group() + ")";
        // every batch is written or refused by now (and its answers sent): waiters' results are settled either way
        waiting.drain().forEach(waiter -> waiter.answer().complete(List.of()));
    }

    /** Whether the consumer-group membership runs (false once it failed: a restart is needed). */
    public boolean membershipAlive() {
        return shards == null || shards.alive();
    }

    /** How requests find the instance that serves a job: partitions, ids in them, and the others' addresses. */
    public Shards shards() {
        return shards;
    }

    /** A new job id in a partition this instance serves (at random among them). */
    public String newJobId() {
        List<Integer> served = List.copyOf(servedPartitions());
        if (served.isEmpty()) {
            throw new BrokerUnavailable(notReadyBecause);
        }
        return shards.idIn(served.get(ThreadLocalRandom.current().nextInt(served.size())));
    }

    /** A new job id in the partition of {@code key}, which this instance must serve ({@link #requireHere}). */
    public String newJobIdBeside(String key) {
        return shards.idBeside(key);
    }

    /**
     * Returns if this instance serves the partition of {@code key} (a job id, a lease id, or a partner's idempotency
     * key); otherwise refuses with a 307 to the instance that does, or 503 while none does (a rebalance).
     */
    public void requireHere(String key) {
        elsewhere(key).ifPresent(owner -> {
            throw new ServedElsewhere(key, owner);
        });
    }

    /**
     * Empty if this instance serves the partition of {@code key}; else the base URL of the instance that does.
     *
     * @throws BrokerUnavailable while no instance serves it (a rebalance under way)
     */
    public Optional<java.net.URI> elsewhere(String key) {
        int partition = Shards.partitionOf(key);
        if (servedPartitions().contains(partition)) {
            return Optional.empty();
        }
        return Optional.of(shards.owner(partition).filter(url -> !url.toString().equals(shards.self()))
                .orElseThrow(() -> new BrokerUnavailable("no instance serves partition " + partition + " of "
                        + Topics.JOBS_STATE.name() + " at this moment (a rebalance)")));
    }

    private Set<Integer> servedPartitions() {
        Assignment assigned = assignment;
        return assigned == null || book == null ? Set.of() : assigned.partitions();
    }

    /** Thrown where a request belongs to another instance: answered 307 to the same path there. */
    public static final class ServedElsewhere extends RuntimeException {
        private final java.net.URI owner;

        ServedElsewhere(String key, java.net.URI owner) {
            super("'" + key + "' is served by the job-broker instance at " + owner);
            this.owner = owner;
        }

        public java.net.URI owner() {
            return owner;
        }
    }

    /** A lease (or none) to answer at the end of this pass, without waiting for Kafka, on {@code caller}. */
    private record Early(CompletableFuture<List<Lease>> answer, List<Lease> leased, Context caller) {
    }

    /** The broker could not make the change durable, or is not ready; nothing was changed, the client may retry. */
    public static final class BrokerUnavailable extends RuntimeException {
        BrokerUnavailable() {
            super("the job broker could not write to Kafka; nothing was changed, try again");
        }

        BrokerUnavailable(String notReadyBecause) {
            super("the job broker is not ready (" + notReadyBecause + "); nothing was changed, try again");
        }
    }

    /** The partner has as many unfinished jobs as its quota allows: nothing of the submission was queued. */
    public static final class QuotaExceeded extends RuntimeException {
        private final Duration retryAfter;

        QuotaExceeded(String partner, int open, long fresh, int max, Duration retryAfter) {
            super(partner + " has " + open + " unfinished jobs (queued or leased) of the " + max + " it may have at "
                    + "once; the " + fresh + " new ones would exceed that, so none was queued: submit again when "
                    + "some have finished");
            this.retryAfter = retryAfter;
        }

        public Duration retryAfter() {
            return retryAfter;
        }
    }

    /** As many long polls are open as {@code max-long-polls} allows; the device may poll again a little later. */
    public static final class TooManyPolls extends RuntimeException {
        TooManyPolls(int max) {
            super("the job broker holds its maximum of " + max + " long polls; poll again a little later");
        }
    }
}
