package io.nhp.jobs.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.nhp.contracts.events.JobSubmittedEvent;
import io.nhp.contracts.jobs.JobSnapshot;
import io.nhp.jobs.domain.JobBook;
import io.nhp.kafka.testkit.SharedKafka;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * The pipelined group commit against a real Kafka: batches are answered in the order they were handed over, each only
 * once it is in Kafka; when a transaction fails, its batches and every later one are refused, and none of them is in
 * Kafka.
 */
class GroupCommitIT {

    static final Duration TIMEOUT = Duration.ofSeconds(60);

    final String bootstrap = SharedKafka.bootstrapServers();
    final String writerId = "job-broker-group-commit-it-" + UUID.randomUUID();
    final List<String> answered = new CopyOnWriteArrayList<>();
    final List<String> refused = new CopyOnWriteArrayList<>();

    @Test
    void shouldAnswerEveryBatchInOrderOnceItIsInKafka() throws Exception {
        // given a writer
        List<String> jobIds = new ArrayList<>();
        var store = new JobStore(bootstrap, writerId);
        store.open(TIMEOUT);
        var writer = new GroupCommit(store, 4, new SimpleMeterRegistry());

        // when the broker hands it 50 batches of one new job each, faster than one transaction each could take
        for (int i = 0; i < 50; i++) {
            String jobId = "j-" + UUID.randomUUID();
            jobIds.add(jobId);
            writer.add(batch(jobId));
        }

        // then each is answered, in order, and none refused
        await().atMost(TIMEOUT).until(() -> answered.size() == 50);
        assertThat(answered).containsExactlyElementsOf(jobIds);
        assertThat(refused).isEmpty();
        writer.close(true);

        // and every job is in Kafka (read back as the broker rebuilds its book)
        try (var reopened = new JobStore(bootstrap, writerId)) {
            assertThat(reopened.open(TIMEOUT)).extracting(JobSnapshot::jobId).containsAll(jobIds);
        }
    }

    @Test
    void shouldRefuseAFailedTransactionsBatchesAndEveryLaterOneWritingNoneOfThem() throws Exception {
        // given a store whose next writer's transactional id another producer has taken since (a newer instance: it
        // is fenced)
        var store = new JobStore(bootstrap, writerId);
        store.open(TIMEOUT);
        var writer = new GroupCommit(store, 4, new SimpleMeterRegistry());
        try (var newer = new KafkaProducer<>(Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, JobStore.transactionalIds(writerId, JobStore.DEFAULT_WRITERS).get(0)),
                new StringSerializer(), new StringSerializer())) {
            newer.initTransactions();
        }

        // when batches are handed over
        String first = "j-" + UUID.randomUUID();
        writer.add(batch(first));
        await().atMost(TIMEOUT).until(writer::failed);
        String later = "j-" + UUID.randomUUID();
        writer.add(batch(later));

        // then all are refused, in order, none answered, and the broker is told to rebuild
        await().atMost(TIMEOUT).until(() -> refused.size() == 2);
        assertThat(refused).containsExactly(first, later);
        assertThat(answered).isEmpty();
        assertThat(writer.failed()).isTrue();
        writer.close(false);

        // and none of them is in Kafka
        try (var reopened = new JobStore(bootstrap, writerId)) {
            assertThat(reopened.open(TIMEOUT)).extracting(JobSnapshot::jobId).doesNotContain(first, later);
        }
    }

    /** A batch with one new job, answering (or refusing) with its id. */
    private GroupCommit.Batch batch(String jobId) {
        var book = new JobBook(new JobBook.Settings(3, 1, Duration.ofHours(1)), e -> { });
        book.submit(new JobSubmittedEvent("e-" + jobId, Instant.now(), jobId, "xiaomi", JobStoreIT.ECHO.key(),
                "s3://in", "sha256:in", 60, 1, 0, null), JobStoreIT.ECHO);
        return new GroupCommit.Batch(book.drainChanges(), List.of(), List.of(),
                new ArrayList<>(List.of(() -> answered.add(jobId))), new ArrayList<>(List.of(() -> refused.add(jobId))));
    }
}
