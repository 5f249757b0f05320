package io.nhp.jobs.broker;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.nhp.contracts.events.Event;
import io.nhp.contracts.jobs.JobSnapshot;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * The broker's writer, a pipelined group commit. The broker thread closes a batch (the jobs it changed, the events,
 * and what to answer) and goes on working in memory; this thread writes every batch waiting when a transaction
 * starts in that one transaction, and once it is committed hands the batches' answers, in order, to a thread of
 * their own. So throughput is max(processing, commit) rather than their sum, and an answer still means "durably in
 * Kafka": batch N is answered only when it and every batch before it are. Answering (completing a request, which
 * then writes its JSON response on the completing thread) is not on the path of the next transaction, which starts
 * at once. When a write fails, its batches and every later one are refused (nothing of them is in Kafka, and later
 * batches were computed on top of them); the broker sees {@link #failed()} and rebuilds its book from Kafka with a
 * new writer.
 */
final class GroupCommit implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(GroupCommit.class);

    /** One pass of the broker thread: what it changed, and what to run once that is durable or refused. */
    record Batch(List<JobSnapshot> changed, List<String> forgotten, List<Event> events, List<Runnable> afterCommit,
                 List<Runnable> refusals, long closedAt) {

        Batch(List<JobSnapshot> changed, List<String> forgotten, List<Event> events, List<Runnable> afterCommit,
              List<Runnable> refusals) {
            this(changed, forgotten, events, afterCommit, refusals, System.nanoTime());
        }

        boolean writesNothing() {
            return changed.isEmpty() && forgotten.isEmpty() && events.isEmpty();
        }

        void refuse() {
            refusals.forEach(Runnable::run);
        }
    }

    private final JobStore store;
    private final BlockingQueue<Batch> pending;
    private final Thread thread;
    /**
     * Runs the answers and refusals, in the order of their batches. Bounded: when it falls behind by that many
     * groups, the writer waits for it (and the broker for the writer), rather than holding answers without end.
     */
    private final ThreadPoolExecutor answering;
    private final Timer commitTime;
    private final DistributionSummary commitRecords;
    private final DistributionSummary commitBatches;
    private final Timer durableWait;
    private final Timer answerWait;
    private final List<KafkaClientMetrics> producerMetrics;
    private volatile RuntimeException failure;
    private volatile boolean closing;

    /**
     * @param maxPending batches that may wait for the writer; beyond that {@link #add} blocks the broker thread, so
     *                   that a slow Kafka slows the broker down instead of filling the heap
     */
    GroupCommit(JobStore store, int maxPending, MeterRegistry meters) {
        this.store = store;
        this.pending = new ArrayBlockingQueue<>(maxPending);
        this.commitTime = Timer.builder("nhp.jobs.commit")
                .description("One Kafka transaction of the job book's changes and events: begin, sends, commit")
                .publishPercentileHistogram().register(meters);
        this.commitRecords = DistributionSummary.builder("nhp.jobs.commit.records")
                .description("Records written in one transaction").register(meters);
        this.commitBatches = DistributionSummary.builder("nhp.jobs.commit.batches")
                .description("Broker batches grouped into one transaction").register(meters);
        this.durableWait = Timer.builder("nhp.jobs.durable.wait")
                .description("A batch's wait from its close on the broker thread until it is in Kafka")
                .publishPercentileHistogram().register(meters);
        this.answerWait = Timer.builder("nhp.jobs.answer.wait")
                .description("From a transaction's commit until the answers of its batches have run")
                .publishPercentileHistogram().register(meters);
        this.producerMetrics = store.metrics();
        producerMetrics.forEach(metrics -> metrics.bindTo(meters));
        this.answering = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(maxPending),
                runnable -> new Thread(runnable, "job-broker-answers"), (task, executor) -> {
                    if (executor.isShutdown()) {
                        task.run(); // closed: whoever still hands something over answers it
                        return;
                    }
                    try {
                        executor.getQueue().put(task); // the writer waits for room, in order
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new RejectedExecutionException("interrupted while waiting to answer", e);
                    }
                });
        this.thread = new Thread(this::run, "job-broker-commit");
        thread.start();
    }

    /** Hands a batch to the writer, in order; waits while {@code maxPending} are waiting. A failed writer refuses it. */
    void add(Batch batch) throws InterruptedException {
        if (failure != null) {
            answering.execute(batch::refuse); // after the refusals of the batches before it
            return;
        }
        pending.put(batch);
    }

    /** Whether a write failed: the broker must stop using this writer and rebuild from Kafka. */
    boolean failed() {
        return failure != null;
    }

    /** Whether the failed write was refused at the group's fence: this instance no longer holds those partitions. */
    boolean fenced() {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof org.apache.kafka.clients.consumer.CommitFailedException
                    || cause instanceof org.apache.kafka.common.errors.IllegalGenerationException
                    || cause instanceof org.apache.kafka.common.errors.UnknownMemberIdException
                    || cause instanceof org.apache.kafka.common.errors.FencedInstanceIdException) {
                return true;
            }
        }
        return false;
    }

    /** Batches handed over and not yet answered or refused. */
    int pending() {
        return pending.size();
    }

    private void run() {
        List<Batch> group = new ArrayList<>();
        while (true) {
            Batch first;
            try {
                first = pending.poll(10, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                break;
            }
            if (first == null) {
                if (closing) {
                    break;
                }
                continue;
            }
            group.add(first);
            pending.drainTo(group);
            if (failure != null) {
                refuse(List.copyOf(group));
            } else {
                write(List.copyOf(group));
            }
            group.clear();
        }
    }

    private void write(List<Batch> group) {
        try {
            if (group.stream().anyMatch(b -> !b.writesNothing())) {
                long started = System.nanoTime();
                List<String> forgotten = group.stream().flatMap(b -> b.forgotten().stream()).toList();
                List<JobSnapshot> snapshots = latestSnapshots(group, forgotten);
                List<Event> events = group.stream().flatMap(b -> b.events().stream()).toList();
                store.write(snapshots, forgotten, events);
                commitTime.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
                commitRecords.record(snapshots.size() + forgotten.size() + events.size());
                commitBatches.record(group.size());
            }
        } catch (RuntimeException e) {
            failure = e;
            LOG.error("could not write the job changes to Kafka; refusing these batches and every later one, the "
                    + "broker rebuilds its book from Kafka", e);
            refuse(group);
            return;
        }
        long committed = System.nanoTime();
        group.forEach(batch -> durableWait.record(committed - batch.closedAt(), TimeUnit.NANOSECONDS));
        answering.execute(() -> {
            for (Batch batch : group) {
                for (Runnable action : batch.afterCommit()) {
                    try {
                        action.run();
                    } catch (RuntimeException e) {
                        LOG.error("an answer of a committed batch failed", e); // the batch is durable all the same
                    }
                }
            }
            answerWait.record(System.nanoTime() - committed, TimeUnit.NANOSECONDS);
        });
    }

    private void refuse(List<Batch> group) {
        answering.execute(() -> group.forEach(Batch::refuse));
    }

    /**
     * The group's job snapshots, the latest of each job only (a job changed by several of the grouped batches is
     * written once, as it stands now), and none of a job forgotten in the group (its tombstone follows).
     */
    static List<JobSnapshot> latestSnapshots(List<Batch> group, List<String> forgotten) {
        Map<String, JobSnapshot> latest = new LinkedHashMap<>();
        for (Batch batch : group) {
            for (JobSnapshot job : batch.changed()) {
                latest.remove(job.jobId()); // in the order of their latest change
                latest.put(job.jobId(), job);
            }
        }
        forgotten.forEach(latest::remove);
        return List.copyOf(latest.values());
    }

    /**
     * Stops the writer. With {@code drain} (a graceful shutdown) what is still pending is written first; otherwise
     * (after a failure) it is refused. Called by the broker thread, the only one that adds.
     */
    void close(boolean drain) {
        if (!drain && failure == null) {
            failure = new IllegalStateException("the writer was closed");
        }
        closing = true;
        try {
            thread.join(30_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List<Batch> left = new ArrayList<>();
        pending.drainTo(left);
        if (!left.isEmpty()) {
            if (failure == null && !thread.isAlive()) {
                write(left); // added just as the writer stopped looking
            } else {
                refuse(left);
            }
        }
        answering.shutdown(); // what is queued is still answered (or refused), in order
        try {
            if (!answering.awaitTermination(30, TimeUnit.SECONDS)) {
                LOG.warn("the answers of written batches were not all sent within 30 s of closing the writer");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producerMetrics.forEach(KafkaClientMetrics::close);
        store.close();
    }

    @Override
    public void close() {
        close(false);
    }
}
