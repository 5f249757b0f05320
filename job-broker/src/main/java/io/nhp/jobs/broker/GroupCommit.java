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
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * The broker's writer, a pipelined group commit. The broker thread closes a batch (the jobs it changed, the events,
 * and what to answer) and goes on working in memory; this thread writes every batch waiting when a transaction
 * starts in that one transaction, and once it is committed runs the batches' answers in order. So throughput is
 * max(processing, commit) rather than their sum, and an answer still means "durably in Kafka": batch N is answered
 * only when it and every batch before it are. When a write fails, its batches and every later one are refused
 * (nothing of them is in Kafka, and later batches were computed on top of them); the broker sees {@link #failed()}
 * and rebuilds its book from Kafka with a new writer.
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
    private final Timer commitTime;
    private final DistributionSummary commitRecords;
    private final DistributionSummary commitBatches;
    private final Timer durableWait;
    private final KafkaClientMetrics producerMetrics;
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
                .description("A batch's wait from its close on the broker thread until it is in Kafka and answered")
                .publishPercentileHistogram().register(meters);
        this.producerMetrics = store.metrics();
        producerMetrics.bindTo(meters);
        this.thread = new Thread(this::run, "job-broker-commit");
        thread.start();
    }

    /** Hands a batch to the writer, in order; waits while {@code maxPending} are waiting. A failed writer refuses it. */
    void add(Batch batch) throws InterruptedException {
        if (failure != null) {
            batch.refuse();
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
                group.forEach(Batch::refuse);
            } else {
                write(group);
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
            group.forEach(Batch::refuse);
            return;
        }
        long committed = System.nanoTime();
        for (Batch batch : group) {
            durableWait.record(committed - batch.closedAt(), TimeUnit.NANOSECONDS);
            for (Runnable action : batch.afterCommit()) {
                try {
                    action.run();
                } catch (RuntimeException e) {
                    LOG.error("an answer of a committed batch failed", e); // the batch is durable all the same
                }
            }
        }
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
                left.forEach(Batch::refuse);
            }
        }
        producerMetrics.close();
        store.close();
    }

    @Override
    public void close() {
        close(false);
    }
}
