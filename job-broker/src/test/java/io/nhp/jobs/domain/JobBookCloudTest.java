package io.nhp.jobs.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.nhp.contracts.events.Event;
import io.nhp.contracts.events.JobCompletedEvent;
import io.nhp.contracts.events.JobSubmittedEvent;
import io.nhp.contracts.jobs.JobSnapshot;
import io.nhp.embeddings.Vectors;
import io.nhp.jobs.domain.Attempt.Outcome;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Jobs the cloud fallback served (completed once, as {@code cloud}, nobody paid), pay for tasks shorter than a
 * millisecond, and devices that declare the task types they run.
 */
class JobBookCloudTest extends WithEmbeddingsBook {

    static final TaskType TEXT = new TaskType("inference_text", 0.5, 10.0, true);

    @Test
    void shouldCompleteAJobServedByTheCloudOnceWithNobodyPaid() {
        // given an embeddings job queued for phones
        submit("j1", 2);
        byte[] cloud = Vectors.toBytes(vector(1));

        // when the fallback's vector serves it, and is told again
        book.servedByCloud("j1", cloud, T0.plusMillis(900));
        book.servedByCloud("j1", Vectors.toBytes(vector(2)), T0.plusMillis(950));

        // then it completed once, as served by the cloud: its output, not validated, nobody paid, not queued
        Job job = book.job("j1").orElseThrow();
        assertThat(job.state()).isEqualTo(JobState.COMPLETED);
        assertThat(job.servedBy()).isEqualTo(JobCompletedEvent.CLOUD);
        assertThat(job.output()).isEqualTo(cloud);
        assertThat(job.resultHash()).isEqualTo(Vectors.sha256Hex(cloud));
        assertThat(book.openJobs("xiaomi")).isZero();
        assertThat(book.lease(A, T0.plusSeconds(1))).isEmpty();
        assertThat(completions()).singleElement().satisfies(completed -> {
            assertThat(completed.servedBy()).isEqualTo(JobCompletedEvent.CLOUD);
            assertThat(completed.executions()).isEmpty();
            assertThat(completed.validated()).isFalse();
            assertThat(completed.gpuSeconds()).isEqualTo(EMBEDDINGS.gpuSecondsPerTask());
            assertThat(completed.resultHash()).isEqualTo(Vectors.sha256Hex(cloud));
            assertThat(completed.eventTime()).isEqualTo(T0.plusMillis(900));
        });
    }

    @Test
    void shouldAnswerAPhonesResultAfterTheCloudServedTheJobTooLateAndPayNothing() {
        // given an embeddings job leased to a phone
        submit("j1", 1);
        Attempt lease = book.lease(A, T0).orElseThrow();

        // when the cloud serves it, then the phone posts its vector within its lease
        book.servedByCloud("j1", Vectors.toBytes(vector(1)), T0.plusMillis(900));
        byte[] phone = Vectors.toBytes(vector(1));
        var answer = book.report(lease.leaseId(), "d1", Outcome.SUCCEEDED, Vectors.sha256Hex(phone), phone, 0.001,
                T0.plusMillis(950));

        // then it is too late: recorded, not counted, no second completion, and the phone may take other work
        assertThat(answer).isInstanceOf(JobBook.Answer.TooLate.class);
        assertThat(book.job("j1").orElseThrow().attempts()).singleElement().satisfies(attempt -> {
            assertThat(attempt.outcome()).isEqualTo(Outcome.WITHDRAWN);
            assertThat(attempt.late()).isTrue();
            assertThat(attempt.valid()).isNull();
        });
        assertThat(book.job("j1").orElseThrow().failures()).as("not the phone's failure").isZero();
        assertThat(book.job("j1").orElseThrow().counted()).isEmpty();
        assertThat(completions()).singleElement().extracting(JobCompletedEvent::servedBy)
                .isEqualTo(JobCompletedEvent.CLOUD);
        submit("j2", 1);
        assertThat(book.lease(A, T0.plusSeconds(1))).as("its lease was released").isPresent();
    }

    @Test
    void shouldLeaveAJobPhonesCompletedFirstAsItIs() {
        // given a job two phones completed
        byte[] phones = Vectors.toBytes(vector(1));
        completedByTwo("j1", phones);

        // when the fallback's vector comes after
        Job job = book.servedByCloud("j1", Vectors.toBytes(vector(2)), T0.plusMillis(900)).orElseThrow();

        // then the phones' answer stands, paid, and there is no second completion
        assertThat(job.servedBy()).isEqualTo(JobCompletedEvent.PHONES);
        assertThat(job.output()).isEqualTo(phones);
        assertThat(completions()).singleElement().satisfies(completed -> {
            assertThat(completed.servedBy()).isEqualTo(JobCompletedEvent.PHONES);
            assertThat(completed.executions()).extracting(JobCompletedEvent.Execution::deviceId)
                    .containsExactly("d1", "d2");
        });
        assertThat(book.servedByCloud("unknown", phones, T0)).isEmpty();
    }

    @Test
    void shouldKeepWhoServedAJobAcrossARestartAndReadOlderSnapshotsAsPhones() {
        // given a job served by the cloud, its lease withdrawn, and the snapshot written
        submit("j1", 1);
        Attempt lease = book.lease(A, T0).orElseThrow();
        book.servedByCloud("j1", Vectors.toBytes(vector(1)), T0.plusMillis(900));
        JobSnapshot written = book.drainChanges().get(0);

        // when a new book is rebuilt from it
        List<Event> after = new ArrayList<>();
        var rebuilt = new JobBook(new JobBook.Settings(3, 1, Duration.ofHours(1)), after::add);
        rebuilt.restore(written);
        byte[] late = Vectors.toBytes(vector(1));
        var answer = rebuilt.report(lease.leaseId(), "d1", Outcome.SUCCEEDED, Vectors.sha256Hex(late), late, 0.001,
                T0.plusMillis(950));

        // then it is still served by the cloud, the phone's result still too late, and nothing new is journaled
        assertThat(written.servedBy()).isEqualTo(JobCompletedEvent.CLOUD);
        assertThat(rebuilt.job("j1").orElseThrow().servedBy()).isEqualTo(JobCompletedEvent.CLOUD);
        assertThat(rebuilt.job("j1").orElseThrow().output()).isEqualTo(Vectors.toBytes(vector(1)));
        assertThat(answer).isInstanceOf(JobBook.Answer.TooLate.class);
        assertThat(after).isEmpty();

        // and a snapshot written before servedBy was kept reads as served by phones
        var older = new JobBook(new JobBook.Settings(3, 1, Duration.ofHours(1)), after::add);
        older.restore(withoutServedBy(written));
        assertThat(older.job("j1").orElseThrow().servedBy()).isEqualTo(JobCompletedEvent.PHONES);
    }

    @Test
    void shouldPayAnEmbeddingShorterThanAMillisecondAndNoMoreThanItTakes() {
        // given an embeddings job (16 µs of an H100: 941 µs on a 34-TOPS phone) leased to a phone
        submit("j1", 1);
        Attempt lease = book.lease(A, T0).orElseThrow();

        // when the phone answers 600 µs after its lease
        byte[] output = Vectors.toBytes(vector(1));
        book.report(lease.leaseId(), "d1", Outcome.SUCCEEDED, Vectors.sha256Hex(output), output, 0.0006,
                T0.plusNanos(600_000));

        // then it is paid those 600 µs
        assertThat(completions()).singleElement().extracting(c -> c.executions().get(0).deviceSeconds())
                .isEqualTo(0.0006);
        // and a slower answer no more than what the task takes on 34 TOPS, in whole microseconds
        Job job = book.job("j1").orElseThrow();
        double bound = JobBook.paidSeconds(job, lease, T0.plusSeconds(1));
        assertThat(bound).isEqualTo(0.000941).isPositive().isLessThanOrEqualTo(EMBEDDINGS.secondsOn(34.0));
    }

    @Test
    void shouldLeaseOnlyTheTaskTypesADeviceDeclares() {
        // given an urgent text job and an embeddings job queued
        book.submit(new JobSubmittedEvent("e-t", T0, "text", "xiaomi", TEXT.key(), "s3://in/text", "sha256:in", 120,
                1, 9, null), TEXT);
        submit("embed", 1);

        // when a phone that runs embeddings only asks, and one that declares nothing
        var embeddingsOnly = book.lease(A, T0, Set.of("embeddings"));
        var anything = book.lease(B, T0, Set.of());

        // then the first gets the embeddings job, the second the more urgent text job
        assertThat(embeddingsOnly).map(attempt -> book.job("embed").orElseThrow().attempts().contains(attempt))
                .contains(true);
        assertThat(anything).map(attempt -> book.job("text").orElseThrow().attempts().contains(attempt))
                .contains(true);
        // and a phone that runs a task type with nothing queued gets nothing
        var other = new EligibleDevice("d9", "xiaomi", "o9", "india", 34.0);
        assertThat(book.lease(other, T0, Set.of("training_small"))).isEmpty();
    }

    private static JobSnapshot withoutServedBy(JobSnapshot s) {
        return new JobSnapshot(s.jobId(), s.partner(), s.taskType(), s.inputRef(), s.inputHash(), s.leaseSeconds(),
                s.redundancy(), s.priority(), s.submittedAt(), s.expiresAt(), s.idempotencyKey(), s.requestHash(),
                s.sequence(), s.state(), s.resultHash(), s.failureReasons(), s.attempts(), s.input(), s.output(), null,
                s.checking(), s.knownAnswer());
    }
}
