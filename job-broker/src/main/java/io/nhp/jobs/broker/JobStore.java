package io.nhp.jobs.broker;

import static io.nhp.contracts.Topics.JOBS_STATE;

import io.nhp.contracts.TopicSnapshot;
import io.nhp.contracts.Topics;
import io.nhp.contracts.events.Event;
import io.nhp.contracts.events.JobAssignedEvent;
import io.nhp.contracts.events.JobCompletedEvent;
import io.nhp.contracts.events.JobFailedEvent;
import io.nhp.contracts.events.JobSubmittedEvent;
import io.nhp.contracts.jobs.JobSnapshot;
import io.nhp.contracts.serde.JsonSerde;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Where the broker's state lives: a snapshot of every job on job-broker's own compacted topic
 * ({@code nhp.jobs.state}), written in one Kafka transaction with the platform's job events. Either both a job's
 * new state and its events are in Kafka, or neither: after a crash the state read back never disagrees with the
 * events already published, so a completion is never published twice.
 */
public final class JobStore implements AutoCloseable {

    /** Writers of a store made for tests of the store alone: as many as job-broker has by default. */
    public static final int DEFAULT_WRITERS = 3;

    private final String bootstrapServers;
    /**
     * The writers, used in turn. A commit returns once Kafka has decided the transaction; its markers are written
     * to the partitions after that, and the same producer's next transaction waits until they are (its sends are
     * refused with CONCURRENT_TRANSACTIONS and retried after a backoff). With the group fence in every transaction,
     * back-to-back transactions of one producer took p50 15 ms, p99 42 ms on the 2-core box; three taking turns 3 ms
     * and 15 ms (bench/README). Transactions stay one at a time, in order: a commit returns before the next begins.
     */
    private final List<KafkaProducer<String, Object>> writers;
    private int turn;
    private final Set<Integer> partitions;
    private final ConsumerGroupMetadata group;
    /**
     * Sent with every transaction for the group generation it carries: the group's coordinator refuses it from a
     * member that lost its partitions, so a writer that has been replaced (a paused or cut-off instance) cannot commit
     * on top of the new owner's. The offsets themselves are never read (a book is rebuilt from whole partitions).
     */
    private final Map<TopicPartition, OffsetAndMetadata> fence;

    /** A store of every partition, with no group: one instance alone (tests of the store and of the group commit). */
    JobStore(String bootstrapServers, String transactionalId) {
        this(bootstrapServers, transactionalIds(transactionalId, DEFAULT_WRITERS), IntStream.range(0,
                JOBS_STATE.partitions()).boxed().collect(Collectors.toSet()), null);
    }

    /**
     * A store of the jobs in these partitions of the state topic, written under this group generation (null: no
     * group, as in tests of the store alone) by writers with these transactional ids, in turn.
     */
    JobStore(String bootstrapServers, List<String> writerIds, Set<Integer> partitions, ConsumerGroupMetadata group) {
        this.bootstrapServers = bootstrapServers;
        this.partitions = Set.copyOf(partitions);
        this.group = group;
        this.fence = partitions.stream().collect(Collectors.toUnmodifiableMap(
                p -> new TopicPartition(JOBS_STATE.name(), p), p -> new OffsetAndMetadata(0)));
        this.writers = new ArrayList<>(writerIds.size());
        try {
            for (String id : writerIds) {
                writers.add(writer(bootstrapServers, id));
            }
        } catch (RuntimeException e) {
            close(); // the ones made before it
            throw e;
        }
    }

    private static KafkaProducer<String, Object> writer(String bootstrapServers, String id) {
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, id,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 1,
                // should a writer's turn come before its last markers are written (CONCURRENT_TRANSACTIONS): retry
                // after 10 ms, not the default 100, which time to assign would feel
                ProducerConfig.RETRY_BACKOFF_MS_CONFIG, 10,
                // a killed instance's open transaction holds back what its successor can read of the partitions
                // (read_committed) until the coordinator aborts it: keep that short (a commit takes milliseconds)
                ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, 5_000,
                ProducerConfig.CLIENT_ID_CONFIG, id),
                new StringSerializer(), new Values());
    }

    /**
     * The transactional ids of an instance's {@code writers} (1–16): each stable across restarts, so a restart fences
     * them all.
     */
    public static List<String> transactionalIds(String transactionalId, int writers) {
        if (writers < 1 || writers > 16) {
            throw new IllegalArgumentException("nhp.jobs.writers must be 1 to 16, not " + writers);
        }
        return IntStream.range(0, writers).mapToObj(k -> transactionalId + "-w" + k).toList();
    }

    /** Snapshots in their topic's compact binary form ({@code JobSnapshotSerde}), the events as JSON. */
    static final class Values implements Serializer<Object> {
        private final Serializer<JobSnapshot> snapshots = JOBS_STATE.valueSerde().serializer();
        private final Serializer<Object> events = new JsonSerde.JsonSerializer<>();

        @Override
        public byte[] serialize(String topic, Object value) {
            return value instanceof JobSnapshot snapshot ? snapshots.serialize(topic, snapshot)
                    : events.serialize(topic, value);
        }
    }

    /**
     * Creates the state topic if it is missing, fences any earlier writer with the same transactional id (its
     * open transaction is aborted), and reads the jobs of its partitions back: the latest snapshot of each job id,
     * in the order written; a job whose latest record is a tombstone is gone.
     *
     * @throws UnreadableSnapshot when the latest record of a job cannot be read: rebuilding without it would
     *                            silently lose the job (or bring back an older state of it)
     */
    List<JobSnapshot> open(Duration timeout) throws InterruptedException, ExecutionException {
        createTopic(bootstrapServers);
        writers.forEach(KafkaProducer::initTransactions); // each aborts whatever its predecessor left open
        if (group != null) {
            awaitNoOpenTransactions(timeout);
        }
        List<TopicSnapshot.Unreadable> unreadable = new ArrayList<>();
        Map<String, ConsumerRecord<String, JobSnapshot>> latest = new LinkedHashMap<>();
        for (ConsumerRecord<String, JobSnapshot> record : TopicSnapshot.read(bootstrapServers, JOBS_STATE, timeout, unreadable::add)) {
            if (!partitions.contains(record.partition())) {
                continue; // another instance's
            }
            latest.remove(record.key()); // so that the jobs come back in the order of their latest snapshots
            latest.put(record.key(), record);
        }
        List<TopicSnapshot.Unreadable> lost = unreadable.stream()
                .filter(u -> partitions.contains(u.partition()) && !superseded(u, latest)).toList();
        if (!lost.isEmpty()) {
            throw new UnreadableSnapshot(lost);
        }
        return latest.values().stream().map(ConsumerRecord::value).filter(Objects::nonNull).toList();
    }

    /**
     * Waits until no transaction is open on this store's partitions (what read_committed can read reaches their end):
     * the instance that served them before may have a transaction open that passed its fence (the group generation)
     * and would commit after this book was read; it commits or is aborted by Kafka within the transaction timeout.
     * Any transaction it begins later is refused at its fence.
     */
    private void awaitNoOpenTransactions(Duration timeout) throws InterruptedException, ExecutionException {
        Map<TopicPartition, OffsetSpec> latest = partitions.stream().collect(Collectors.toMap(
                p -> new TopicPartition(JOBS_STATE.name(), p), p -> OffsetSpec.latest()));
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            while (true) {
                var written = admin.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_UNCOMMITTED)).all().get();
                var committed = admin.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all().get();
                boolean open = written.entrySet().stream()
                        .anyMatch(e -> committed.get(e.getKey()).offset() < e.getValue().offset());
                if (!open) {
                    return;
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("a transaction stayed open on " + JOBS_STATE.name() + " partitions "
                            + partitions + " for " + timeout + "; rebuilding later");
                }
                TimeUnit.MILLISECONDS.sleep(100);
            }
        }
    }

    /** Whether a readable record (a snapshot or a tombstone) of the same job was written after the unreadable one. */
    private static boolean superseded(TopicSnapshot.Unreadable unreadable, Map<String, ConsumerRecord<String, JobSnapshot>> latest) {
        var later = unreadable.key() == null ? null : latest.get(unreadable.key());
        return later != null && later.partition() == unreadable.partition() && later.offset() > unreadable.offset();
    }

    /** The latest record of one or more jobs cannot be read: where each is and why, and what an operator can do. */
    static final class UnreadableSnapshot extends IllegalStateException {
        UnreadableSnapshot(List<TopicSnapshot.Unreadable> records) {
            super(records.size() + " job snapshot(s) on " + JOBS_STATE.name() + " cannot be read, so the job book cannot be "
                    + "rebuilt without losing those jobs: " + records.stream().limit(5).map(Object::toString)
                    .collect(Collectors.joining("; ")) + (records.size() > 5 ? "; …" : "")
                    + ". Write a readable snapshot of each job under its key, or a tombstone (null value) to drop it "
                    + "deliberately; job-broker retries and becomes ready once every job reads");
        }
    }

    /**
     * Creates the state topic unless it exists, as the registry declares it (compacted, and segments older than a
     * week deleted).
     *
     * @throws IllegalStateException when it exists with another partition count: jobs are found by the partition
     *                               their id falls in, so the count is part of the ids' meaning and never changes
     */
    static void createTopic(String bootstrapServers) throws InterruptedException, ExecutionException {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            var topic = new NewTopic(JOBS_STATE.name(), JOBS_STATE.partitions(), (short) -1)
                    .configs(JOBS_STATE.configs());
            try {
                admin.createTopics(List.of(topic)).all().get();
                return; // created here, with the right count
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
            int partitions = admin.describeTopics(List.of(JOBS_STATE.name())).allTopicNames().get().get(JOBS_STATE.name())
                    .partitions().size();
            if (partitions != JOBS_STATE.partitions()) {
                throw new IllegalStateException(JOBS_STATE.name() + " has " + partitions + " partitions; job-broker needs "
                        + JOBS_STATE.partitions() + " (a job is found by the partition its id falls in)");
            }
        }
    }

    /** The writers' own metrics (record sizes, request latency, transaction times) on Micrometer, by client id. */
    List<KafkaClientMetrics> metrics() {
        return writers.stream().map(KafkaClientMetrics::new).toList();
    }

    /** Writes the changed jobs, the forgotten ones (tombstones) and the events, all or nothing, by the next writer. */
    void write(List<JobSnapshot> changed, List<String> forgotten, List<Event> events) {
        KafkaProducer<String, Object> producer = writers.get(turn);
        turn = (turn + 1) % writers.size();
        producer.beginTransaction();
        try {
            for (JobSnapshot job : changed) {
                producer.send(new ProducerRecord<>(JOBS_STATE.name(), Shards.partitionOf(job.jobId()), job.jobId(), job));
            }
            for (String jobId : forgotten) {
                producer.send(new ProducerRecord<>(JOBS_STATE.name(), Shards.partitionOf(jobId), jobId, null));
            }
            for (Event event : events) {
                producer.send(record(event));
            }
            if (group != null) {
                producer.sendOffsetsToTransaction(fence, group);
            }
            producer.commitTransaction();
        } catch (RuntimeException e) {
            try {
                producer.abortTransaction();
            } catch (RuntimeException abortFailed) {
                e.addSuppressed(abortFailed);
            }
            throw e;
        }
    }

    private static ProducerRecord<String, Object> record(Event event) {
        if (event instanceof JobSubmittedEvent e) {
            return new ProducerRecord<>(Topics.JOBS_SUBMITTED.name(), e.jobId(), e);
        }
        if (event instanceof JobAssignedEvent e) {
            return new ProducerRecord<>(Topics.JOBS_ASSIGNED.name(), e.jobId(), e);
        }
        if (event instanceof JobCompletedEvent e) {
            return new ProducerRecord<>(Topics.JOBS_COMPLETED.name(), e.jobId(), e);
        }
        if (event instanceof JobFailedEvent e) {
            return new ProducerRecord<>(Topics.JOBS_FAILED.name(), e.jobId(), e);
        }
        throw new IllegalArgumentException("not a job event: " + event.getClass().getSimpleName());
    }

    @Override
    public void close() {
        RuntimeException failed = null;
        for (KafkaProducer<String, Object> writer : writers) { // each closed, whatever the others do
            try {
                writer.close(Duration.ofSeconds(10));
            } catch (RuntimeException e) {
                if (failed == null) {
                    failed = e;
                } else {
                    failed.addSuppressed(e);
                }
            }
        }
        if (failed != null) {
            throw failed;
        }
    }
}
