package io.nhp.jobs.broker;

import static io.nhp.contracts.Topics.JOBS_STATE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nhp.contracts.TopicSnapshot;
import io.nhp.contracts.Topics;
import io.nhp.contracts.events.Event;
import io.nhp.contracts.events.JobCompletedEvent;
import io.nhp.contracts.events.JobSubmittedEvent;
import io.nhp.contracts.jobs.JobSnapshot;
import io.nhp.contracts.serde.CompactSerde;
import io.nhp.contracts.serde.JsonSerde;
import io.nhp.jobs.domain.Attempt;
import io.nhp.jobs.domain.EligibleDevice;
import io.nhp.jobs.domain.JobBook;
import io.nhp.jobs.domain.TaskType;
import io.nhp.kafka.testkit.SharedKafka;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * A broker killed in the middle of its work, against a real Kafka: what it had committed is all there after the
 * restart, and what it had not is gone, so the result a device posts again completes the job exactly once.
 */
class JobStoreIT {

    static final TaskType ECHO = new TaskType("test_echo", 0.001, 1.0, true);
    static final EligibleDevice PHONE = new EligibleDevice("d-restart", "xiaomi", "o-restart", "india", 34.0);
    static final Duration TIMEOUT = Duration.ofSeconds(60);

    final String bootstrap = SharedKafka.bootstrapServers();
    final String writer = "job-broker-test-" + UUID.randomUUID();
    final String jobId = "j-" + UUID.randomUUID();

    @Test
    void shouldKeepWhatWasCommittedAndDropWhatWasNotAcrossAKill() throws Exception {
        // given a job leased to a phone, committed
        List<Event> journal = new ArrayList<>();
        var book = new JobBook(new JobBook.Settings(3, 1, Duration.ofHours(1)), journal::add);
        Instant now = Instant.now();
        var submitted = new JobSubmittedEvent("e-" + jobId, now, jobId, "xiaomi", ECHO.key(), "s3://in", "sha256:in",
                60, 1, 0, null);
        String leaseId;
        try (var store = new JobStore(bootstrap, writer)) {
            store.open(TIMEOUT);
            book.submit(submitted, ECHO);
            leaseId = book.lease(PHONE, now).orElseThrow().leaseId();
            journal.add(0, submitted);
            store.write(book.drainChanges(), List.of(), journal);
            journal.clear();
        }

        // when the phone's result was being written as the broker died: the transaction (its next writer's, the
        // writers take turns) never committed
        book.report(leaseId, PHONE.deviceId(), Attempt.Outcome.SUCCEEDED, "sha256:out", 2.0, now.plusSeconds(1));
        var zombie = new KafkaProducer<String, Object>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, JobStore.transactionalIds(writer, JobStore.DEFAULT_WRITERS).get(1)),
                new StringSerializer(), new JobStore.Values());
        zombie.initTransactions();
        zombie.beginTransaction();
        for (JobSnapshot snapshot : book.drainChanges()) {
            zombie.send(new ProducerRecord<>(Topics.JOBS_STATE.name(), snapshot.jobId(), snapshot));
        }
        for (Event event : journal) {
            if (event instanceof JobCompletedEvent completed) {
                zombie.send(new ProducerRecord<>(Topics.JOBS_COMPLETED.name(), completed.jobId(), completed));
            }
        }
        zombie.flush();

        // then the restarted broker (same writers) fences the dead one, and finds the job leased, not completed
        try (var store = new JobStore(bootstrap, writer)) {
            List<JobSnapshot> recovered = store.open(TIMEOUT).stream().filter(s -> s.jobId().equals(jobId)).toList();
            assertThat(recovered).singleElement().satisfies(s -> {
                assertThat(s.state()).isEqualTo(JobSnapshot.State.LEASED);
                assertThat(s.attempts()).singleElement().satisfies(a -> assertThat(a.leaseId()).isEqualTo(leaseId));
            });
            assertThat(completionsOf(jobId)).isEmpty();
            assertThatThrownBy(zombie::commitTransaction).isInstanceOf(KafkaException.class); // fenced: too late

            // the phone, which got no answer, posts again: the job completes, once
            List<Event> after = new ArrayList<>();
            var restarted = new JobBook(new JobBook.Settings(3, 1, Duration.ofHours(1)), after::add);
            recovered.forEach(restarted::restore);
            restarted.report(leaseId, PHONE.deviceId(), Attempt.Outcome.SUCCEEDED, "sha256:out", 2.0, now.plusSeconds(2));
            restarted.report(leaseId, PHONE.deviceId(), Attempt.Outcome.SUCCEEDED, "sha256:out", 2.0, now.plusSeconds(3));
            store.write(restarted.drainChanges(), List.of(), after);
        } finally {
            zombie.close(Duration.ZERO);
        }
        assertThat(completionsOf(jobId)).singleElement()
                .satisfies(c -> assertThat(c.executions()).extracting(JobCompletedEvent.Execution::deviceId)
                        .containsExactly(PHONE.deviceId()));
    }

    @Test
    void shouldRebuildEachJobFromItsLatestSnapshotOnly() throws Exception {
        // given a job leased to a phone, then expired and queued again: two snapshots of it on the topic
        Instant now = Instant.now();
        var book = bookWithTheJob(now);
        book.lease(PHONE, now).orElseThrow();
        JobSnapshot leased = book.drainChanges().get(0);
        book.expire(now.plusSeconds(61));
        JobSnapshot requeued = book.drainChanges().get(0);
        try (var store = new JobStore(bootstrap, writer)) {
            store.open(TIMEOUT);
            store.write(List.of(leased), List.of(), List.of());
            store.write(List.of(requeued), List.of(), List.of());
        }

        // when the book is rebuilt, then only the latest is there (the phone holds no lease from the first)
        try (var store = new JobStore(bootstrap, writer)) {
            assertThat(store.open(TIMEOUT)).filteredOn(s -> s.jobId().equals(jobId)).singleElement()
                    .satisfies(s -> assertThat(s.state()).isEqualTo(JobSnapshot.State.QUEUED));
            store.write(List.of(), List.of(jobId), List.of());
        }

        // and a job forgotten (tombstoned) is not rebuilt at all
        try (var store = new JobStore(bootstrap, writer)) {
            assertThat(store.open(TIMEOUT)).noneMatch(s -> s.jobId().equals(jobId));
        }
    }

    @Test
    void shouldRebuildAJobAnEarlierVersionWroteAsJsonAndWriteItBinaryFromThenOn() throws Exception {
        // given a leased job whose snapshot an earlier version wrote, as JSON
        Instant now = Instant.now();
        var book = bookWithTheJob(now);
        String leaseId = book.lease(PHONE, now).orElseThrow().leaseId();
        JobSnapshot leased = book.drainChanges().get(0);
        JobStore.createTopic(bootstrap);
        writeRaw(jobId, new String(new JsonSerde.JsonSerializer<JobSnapshot>().serialize(JOBS_STATE.name(), leased),
                StandardCharsets.UTF_8));

        // when the book is rebuilt, then the job is there as it was, its lease held
        try (var store = new JobStore(bootstrap, writer)) {
            assertThat(store.open(TIMEOUT)).filteredOn(s -> s.jobId().equals(jobId)).singleElement()
                    .usingRecursiveComparison().isEqualTo(leased);

            // and its next snapshot is written in the compact form
            book.report(leaseId, PHONE.deviceId(), Attempt.Outcome.SUCCEEDED, "sha256:out", 2.0, now.plusSeconds(1));
            store.write(book.drainChanges(), List.of(), List.of());
        }
        try (var store = new JobStore(bootstrap, writer)) {
            assertThat(store.open(TIMEOUT)).filteredOn(s -> s.jobId().equals(jobId)).singleElement()
                    .satisfies(s -> assertThat(s.state()).isEqualTo(JobSnapshot.State.COMPLETED));
        }
        assertThat(latestValue(jobId)[0]).isEqualTo(CompactSerde.FORMAT);
    }

    @Test
    void shouldRefuseToRebuildWhileTheLatestSnapshotOfAJobCannotBeRead() throws Exception {
        // given a job whose latest snapshot is not JSON
        JobStore.createTopic(bootstrap);
        RecordMetadata garbage = writeRaw(jobId, "{not json");
        try (var store = new JobStore(bootstrap, writer)) {
            // when the book is rebuilt, then it is refused, saying where the record is and why
            assertThatThrownBy(() -> store.open(TIMEOUT)).isInstanceOf(JobStore.UnreadableSnapshot.class)
                    .hasMessageContaining(Topics.JOBS_STATE.name() + "-" + garbage.partition() + "@" + garbage.offset())
                    .hasMessageContaining("key " + jobId)
                    .hasMessageContaining("not a valid JobSnapshot");
        } finally {
            // an operator drops the job deliberately: a tombstone after it
            writeRaw(jobId, null);
        }
        try (var store = new JobStore(bootstrap, writer)) {
            assertThat(store.open(TIMEOUT)).noneMatch(s -> s.jobId().equals(jobId));
        }
    }

    /** A book holding this test's job, submitted at {@code now} (60-s leases, one phone to compute it). */
    private JobBook bookWithTheJob(Instant now) {
        var book = new JobBook(new JobBook.Settings(3, 1, Duration.ofHours(1)), e -> { });
        book.submit(new JobSubmittedEvent("e-" + jobId, now, jobId, "xiaomi", ECHO.key(), "s3://in", "sha256:in", 60,
                1, 0, null), ECHO);
        return book;
    }

    /** The bytes of the latest record of {@code key} on the state topic. */
    private byte[] latestValue(String key) {
        var partition = new TopicPartition(JOBS_STATE.name(), Shards.partitionOf(key));
        try (var consumer = new KafkaConsumer<String, byte[]>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new StringDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            byte[] latest = null;
            while (consumer.position(partition) < end) {
                for (var record : consumer.poll(Duration.ofSeconds(1))) {
                    if (key.equals(record.key())) {
                        latest = record.value();
                    }
                }
            }
            return latest;
        }
    }

    private RecordMetadata writeRaw(String key, String value) throws Exception {
        try (var producer = new KafkaProducer<String, String>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap),
                new StringSerializer(), new StringSerializer())) {
            return producer.send(new ProducerRecord<>(Topics.JOBS_STATE.name(), key, value)).get();
        }
    }

    private List<JobCompletedEvent> completionsOf(String id) {
        return TopicSnapshot.read(bootstrap, Topics.JOBS_COMPLETED, TIMEOUT).stream()
                .filter(r -> r.key().equals(id)).map(r -> r.value()).toList();
    }
}
