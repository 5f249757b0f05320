package io.nhp.jobs.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.nhp.contracts.events.Event;
import io.nhp.contracts.events.JobAssignedEvent;
import io.nhp.contracts.events.JobCompletedEvent;
import io.nhp.contracts.events.JobFailedEvent;
import io.nhp.contracts.events.JobSubmittedEvent;
import io.nhp.contracts.jobs.JobSnapshot;
import io.nhp.jobs.domain.Attempt.Outcome;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class JobBookTest {

    static final Instant T0 = Instant.parse("2026-11-22T23:00:00Z");
    static final TaskType TEXT = new TaskType("inference_text", 0.5, 10.0, true);
    static final TaskType TRAINING = new TaskType("training_small", 3600.0, 25.0, false);
    static final EligibleDevice XIAOMI_14 = new EligibleDevice("d1", "xiaomi", "o1", "india", 34.0);
    static final EligibleDevice XIAOMI_14_PRO = new EligibleDevice("d2", "xiaomi", "o2", "china", 34.0);
    static final EligibleDevice XIAOMI_14_ULTRA = new EligibleDevice("d3", "xiaomi", "o3", "eu", 34.0);
    static final EligibleDevice REDMI = new EligibleDevice("d4", "xiaomi", "o4", "india", 10.0);

    final List<Event> journal = new ArrayList<>();
    final JobBook book = new JobBook(new JobBook.Settings(3, 1, Duration.ofHours(1)), journal::add);

    @Test
    void shouldLeaseAJobAndCompleteItOnceWhateverTheRetries() {
        submit("j1", TEXT, 1, 0, T0);

        Attempt lease = book.lease(XIAOMI_14, T0.plusSeconds(1)).orElseThrow();
        assertThat(lease.expiresAt()).isEqualTo(T0.plusSeconds(61));
        assertThat(book.job("j1").orElseThrow().state()).isEqualTo(JobState.LEASED);
        var first = book.report(lease.leaseId(), "d1", Outcome.SUCCEEDED, "sha256:out", 29.4, T0.plusSeconds(31));
        var again = book.report(lease.leaseId(), "d1", Outcome.SUCCEEDED, "sha256:out", 29.4, T0.plusSeconds(32));

        assertThat(first).isInstanceOf(JobBook.Answer.Accepted.class);
        assertThat(again).isInstanceOf(JobBook.Answer.Accepted.class);
        List<JobCompletedEvent> completions = events(JobCompletedEvent.class);
        assertThat(completions).hasSize(1);
        JobCompletedEvent completed = completions.get(0);
        assertThat(completed.resultHash()).isEqualTo("sha256:out");
        assertThat(completed.gpuSeconds()).isEqualTo(0.5);
        assertThat(completed.validated()).isTrue();
        // leased at 1 s, received at 31 s: 30 s measured, bounded by the 29.411764 s text inference takes at 34 TOPS
        assertThat(completed.executions()).containsExactly(
                new JobCompletedEvent.Execution("d1", "o1", "india", 34.0, 29.411764, 29.4));
        assertThat(book.job("j1").orElseThrow().state()).isEqualTo(JobState.COMPLETED);
        assertThat(events(JobAssignedEvent.class)).extracting(JobAssignedEvent::leaseId).containsExactly(lease.leaseId());
    }

    @Test
    void shouldHoldNoMoreFinishedJobsThanItsBoundForgettingTheOldestFirst() {
        // given three jobs completed in turn, and one still queued
        for (String id : List.of("j1", "j2", "j3")) {
            submit(id, TEXT, 1, 0, T0);
            Attempt lease = book.lease(XIAOMI_14, T0.plusSeconds(1)).orElseThrow();
            book.report(lease.leaseId(), "d1", Outcome.SUCCEEDED, "sha256:out", 1.0, T0.plusSeconds(2));
        }
        submit("j4", TEXT, 1, 0, T0);

        // when at most two finished jobs may be held (none is past its retention yet)
        List<String> forgotten = book.forgetFinished(T0, 2);

        // then the first to finish is forgotten (and its result post is unknown now); the open job is kept
        assertThat(forgotten).containsExactly("j1");
        assertThat(book.job("j1")).isEmpty();
        assertThat(book.job("j2")).isPresent();
        assertThat(book.job("j4")).isPresent();
        assertThat(book.finishedJobs()).isEqualTo(2);

        // and past their retention all finished jobs go, the open one stays
        assertThat(book.forgetFinished(T0.plus(Duration.ofHours(3)), 2)).containsExactly("j2", "j3");
        assertThat(book.job("j4")).isPresent();
    }

    @Test
    void shouldNotKeepTheTimersOfJobsThatEndedLongBeforeTheirLifetime() {
        // given 30,000 jobs submitted, leased and completed within seconds (each left a lifetime and a lease timer
        // due an hour or a minute later)
        for (int i = 0; i < 30_000; i++) {
            Instant at = T0.plusMillis(i);
            submit("j" + i, TEXT, 1, 0, at);
            Attempt lease = book.lease(XIAOMI_14, at).orElseThrow();
            book.report(lease.leaseId(), "d1", Outcome.SUCCEEDED, "sha256:out", 1.0, at.plusMillis(1));
            book.expire(at.plusMillis(1));
        }

        // then the book does not hold 60,000 timers of finished jobs: dead ones are dropped as they pile up
        assertThat(book.timersHeld()).isLessThan(20_001);
        // and one still open keeps its timers, so that it still expires on time
        submit("open", TEXT, 1, 0, T0.plusSeconds(30));
        book.expire(T0.plus(Duration.ofHours(1)).plusSeconds(31));
        assertThat(book.job("open").orElseThrow().state()).isEqualTo(JobState.EXPIRED);
    }

    @Test
    void shouldPayTheMeasuredLeaseTimeNotTheDevicesClaim() {
        // given a job leased at 1 s
        submit("j1", TEXT, 1, 0, T0);
        Attempt lease = book.lease(XIAOMI_14, T0.plusSeconds(1)).orElseThrow();

        // when the device claims a billion seconds 12.345 s later
        book.report(lease.leaseId(), "d1", Outcome.SUCCEEDED, "h", 1e9, T0.plusMillis(13_345));

        // then it is paid the 12.345 s measured, with its claim beside them
        assertThat(events(JobCompletedEvent.class)).singleElement().satisfies(c -> assertThat(c.executions())
                .containsExactly(new JobCompletedEvent.Execution("d1", "o1", "india", 34.0, 12.345, 1e9)));
        assertThat(book.job("j1").orElseThrow().counted()).singleElement().satisfies(a -> {
            assertThat(a.paidSeconds()).isEqualTo(12.345);
            assertThat(a.claimedSeconds()).isEqualTo(1e9);
        });
    }

    @Test
    void shouldNeverPayMoreThanTheTaskTakesOnTheDevice() {
        // given a text task (0.5 GPU-seconds: 29.411 s on a 34-TOPS phone, 100 s on a 10-TOPS one) with a 60 s lease
        submit("fast", TEXT, 1, 0, T0);
        submit("slow", TEXT, 1, 0, T0);
        Attempt onFast = book.lease(XIAOMI_14, T0).orElseThrow();
        Attempt onSlow = book.lease(REDMI, T0).orElseThrow();

        // when both hand in after 59 s, claiming a billion seconds
        book.report(onFast.leaseId(), "d1", Outcome.SUCCEEDED, "h", 1e9, T0.plusSeconds(59));
        book.report(onSlow.leaseId(), "d4", Outcome.SUCCEEDED, "h", 1e9, T0.plusSeconds(59));

        // then each is paid what the task takes on it, at most: 29.411764 s; the slow phone its 59 s (under its 100 s)
        assertThat(events(JobCompletedEvent.class)).flatExtracting(JobCompletedEvent::executions)
                .extracting(JobCompletedEvent.Execution::deviceId, JobCompletedEvent.Execution::deviceSeconds)
                .containsExactlyInAnyOrder(tuple("d1", 29.411764), tuple("d4", 59.0));
    }

    @Test
    void shouldPayAResultReceivedBeforePayWasMeasuredItsClaimWithinTheBound() {
        // given a redundant job whose first result was recorded by a broker that did not measure pay
        submit("j1", TEXT, 2, 0, T0);
        Attempt a = book.lease(XIAOMI_14, T0).orElseThrow();
        Attempt b = book.lease(XIAOMI_14_PRO, T0).orElseThrow();
        book.report(a.leaseId(), "d1", Outcome.SUCCEEDED, "h", 1e9, T0.plusSeconds(10));
        JobSnapshot written = book.drainChanges().get(0);
        JobSnapshot older = new JobSnapshot(written.jobId(), written.partner(), written.taskType(), written.inputRef(),
                written.inputHash(), written.leaseSeconds(), written.redundancy(), written.priority(),
                written.submittedAt(), written.expiresAt(), written.idempotencyKey(), null, written.sequence(),
                written.state(), written.resultHash(), written.failureReasons(), written.attempts().stream()
                .map(x -> new JobSnapshot.AttemptSnapshot(x.leaseId(), x.device(), x.leasedAt(), x.expiresAt(),
                        x.outcome(), x.outputHash(), x.deviceSeconds(), x.late(), x.valid(), null, null, null)).toList(),
                null, null, null, null, null);

        // when a broker that measures pay takes over and the second result agrees
        List<Event> after = new ArrayList<>();
        var restarted = new JobBook(new JobBook.Settings(3, 1, Duration.ofHours(1)), after::add);
        restarted.restore(older);
        restarted.report(b.leaseId(), "d2", Outcome.SUCCEEDED, "h", 5.0, T0.plusSeconds(20));

        // then the older result is paid its claim, bounded (its receipt time is unknown); the new one its 20 s
        assertThat(after.stream().filter(JobCompletedEvent.class::isInstance).map(JobCompletedEvent.class::cast))
                .singleElement().satisfies(c -> assertThat(c.executions())
                        .extracting(JobCompletedEvent.Execution::deviceSeconds, JobCompletedEvent.Execution::claimedSeconds)
                        .containsExactly(tuple(29.411764, 1e9), tuple(20.0, 5.0)));
    }

    @Test
    void shouldHandOutTheMostUrgentThenTheOldestJobFirst() {
        submit("old", TEXT, 1, 0, T0);
        submit("newer", TEXT, 1, 0, T0.plusSeconds(1));
        submit("urgent", TEXT, 1, 5, T0.plusSeconds(2));

        assertThat(book.lease(XIAOMI_14, T0.plusSeconds(3)).map(this::jobOf)).contains("urgent");
        assertThat(book.lease(XIAOMI_14_PRO, T0.plusSeconds(3)).map(this::jobOf)).contains("old");
        assertThat(book.lease(XIAOMI_14_ULTRA, T0.plusSeconds(3)).map(this::jobOf)).contains("newer");
    }

    @Test
    void shouldMatchOnlyDevicesOfThePartnerWithEnoughTops() {
        submit("train", TRAINING, 1, 0, T0);

        assertThat(book.lease(REDMI, T0)).as("10 TOPS < 25 required").isEmpty();
        assertThat(book.lease(new EligibleDevice("s1", "samsung", "o9", "usa", 34.0), T0)).as("other partner").isEmpty();
        assertThat(book.lease(XIAOMI_14, T0)).isPresent();
    }

    @Test
    void shouldCapEachDevicesConcurrentLeases() {
        submit("j1", TEXT, 1, 0, T0);
        submit("j2", TEXT, 1, 0, T0);

        Attempt first = book.lease(XIAOMI_14, T0).orElseThrow();
        assertThat(book.lease(XIAOMI_14, T0)).isEmpty();
        book.report(first.leaseId(), "d1", Outcome.SUCCEEDED, "h", 1.0, T0.plusSeconds(1));
        assertThat(book.lease(XIAOMI_14, T0.plusSeconds(1))).isPresent();
    }

    @Test
    void shouldReissueAnExpiredLeaseToAnotherDeviceOnly() {
        submit("j1", TEXT, 1, 0, T0);
        Attempt lease = book.lease(XIAOMI_14, T0).orElseThrow();

        book.expire(T0.plusSeconds(61));

        assertThat(book.job("j1").orElseThrow().state()).isEqualTo(JobState.QUEUED);
        assertThat(book.lease(XIAOMI_14, T0.plusSeconds(62))).as("never the same job twice").isEmpty();
        assertThat(book.lease(XIAOMI_14_PRO, T0.plusSeconds(62)).map(this::jobOf)).contains("j1");
        assertThat(events(JobFailedEvent.class)).singleElement().satisfies(f -> {
            assertThat(f.reason()).isEqualTo("LEASE_EXPIRED");
            assertThat(f.deviceId()).isEqualTo("d1");
            assertThat(f.terminal()).isFalse();
        });
        // the late result is recorded, not counted
        var late = book.report(lease.leaseId(), "d1", Outcome.SUCCEEDED, "h", 60.0, T0.plusSeconds(63));
        assertThat(late).isInstanceOf(JobBook.Answer.TooLate.class);
        assertThat(book.job("j1").orElseThrow().attempts().get(0).late()).isTrue();
        assertThat(events(JobCompletedEvent.class)).isEmpty();
    }

    @Test
    void shouldFailAJobAfterThreeFailedOrExpiredAttempts() {
        submit("j1", TEXT, 1, 0, T0);
        Attempt a = book.lease(XIAOMI_14, T0).orElseThrow();
        book.report(a.leaseId(), "d1", Outcome.FAILED, null, 3.0, T0.plusSeconds(3));
        book.lease(XIAOMI_14_PRO, T0.plusSeconds(4)).orElseThrow();
        book.expire(T0.plusSeconds(65));
        Attempt c = book.lease(XIAOMI_14_ULTRA, T0.plusSeconds(66)).orElseThrow();
        book.report(c.leaseId(), "d3", Outcome.FAILED, null, 3.0, T0.plusSeconds(70));

        Job job = book.job("j1").orElseThrow();
        assertThat(job.state()).isEqualTo(JobState.FAILED);
        assertThat(job.failureReasons()).hasSize(4).last().asString().contains("3 attempts");
        assertThat(events(JobFailedEvent.class)).extracting(JobFailedEvent::terminal)
                .containsExactly(false, false, false, true);
        assertThat(book.lease(REDMI, T0.plusSeconds(71))).isEmpty();
    }

    @Test
    void shouldCompleteARedundantJobWhenTwoOwnersAgree() {
        submit("j1", TEXT, 2, 0, T0);
        var sameOwner = new EligibleDevice("d1-tablet", "xiaomi", "o1", "india", 34.0);

        Attempt a = book.lease(XIAOMI_14, T0).orElseThrow();
        assertThat(book.lease(sameOwner, T0)).as("distinct owners").isEmpty();
        Attempt b = book.lease(XIAOMI_14_PRO, T0).orElseThrow();
        book.report(a.leaseId(), "d1", Outcome.SUCCEEDED, "h", 29.4, T0.plusSeconds(12));
        assertThat(events(JobCompletedEvent.class)).as("one result is not agreement").isEmpty();
        book.report(b.leaseId(), "d2", Outcome.SUCCEEDED, "h", 30.1, T0.plusSeconds(31));

        // each device is paid its own measured time: 12 s, and 31 s bounded to 29.411764 s
        assertThat(events(JobCompletedEvent.class)).singleElement()
                .satisfies(c -> assertThat(c.executions()).extracting(JobCompletedEvent.Execution::deviceId,
                        JobCompletedEvent.Execution::deviceSeconds, JobCompletedEvent.Execution::claimedSeconds)
                        .containsExactly(tuple("d1", 12.0, 29.4), tuple("d2", 29.411764, 30.1)));
        assertThat(book.validity("d1")).containsExactly(1, 0);
    }

    @Test
    void shouldAskAThirdDeviceWhenTwoDisagreeAndRecordTheDissenter() {
        submit("j1", TEXT, 2, 0, T0);
        Attempt a = book.lease(XIAOMI_14, T0).orElseThrow();
        Attempt b = book.lease(XIAOMI_14_PRO, T0).orElseThrow();
        book.report(a.leaseId(), "d1", Outcome.SUCCEEDED, "right", 29.4, T0.plusSeconds(30));
        book.report(b.leaseId(), "d2", Outcome.SUCCEEDED, "wrong", 29.4, T0.plusSeconds(30));

        assertThat(book.job("j1").orElseThrow().state()).isEqualTo(JobState.QUEUED);
        Attempt c = book.lease(XIAOMI_14_ULTRA, T0.plusSeconds(31)).orElseThrow();
        book.report(c.leaseId(), "d3", Outcome.SUCCEEDED, "right", 29.4, T0.plusSeconds(60));

        assertThat(events(JobCompletedEvent.class)).singleElement().satisfies(done -> {
            assertThat(done.resultHash()).isEqualTo("right");
            assertThat(done.executions()).extracting(JobCompletedEvent.Execution::deviceId).containsExactly("d1", "d3");
            assertThat(done.dissentingDevices()).containsExactly("d2");
        });
        assertThat(book.validity("d2")).containsExactly(0, 1);
        assertThat(book.job("j1").orElseThrow().attempts().get(1).valid()).isFalse();
    }

    @Test
    void shouldRefuseAResultFromAnotherDeviceOrForAnUnknownLease() {
        submit("j1", TEXT, 1, 0, T0);
        Attempt a = book.lease(XIAOMI_14, T0).orElseThrow();

        assertThat(book.report(a.leaseId(), "d2", Outcome.SUCCEEDED, "h", 1.0, T0)).isInstanceOf(JobBook.Answer.NotYours.class);
        assertThat(book.report("nope", "d1", Outcome.SUCCEEDED, "h", 1.0, T0)).isInstanceOf(JobBook.Answer.UnknownLease.class);
        assertThat(events(JobCompletedEvent.class)).isEmpty();
    }

    @Test
    void shouldExpireAJobNobodyTookWithinItsLifetime() {
        submit("j1", TRAINING, 1, 0, T0);

        book.expire(T0.plus(Duration.ofHours(1)));

        assertThat(book.job("j1").orElseThrow().state()).isEqualTo(JobState.EXPIRED);
        assertThat(events(JobFailedEvent.class)).singleElement().satisfies(f -> assertThat(f.terminal()).isTrue());
        assertThat(book.queue("xiaomi", T0.plus(Duration.ofHours(1)))).allSatisfy(q -> assertThat(q.jobs()).isZero());
    }

    @Test
    void shouldReturnTheSameJobForARetriedSubmission() {
        Job first = book.submit(submitted("j1", TEXT, 1, 0, T0, "key-1"), TEXT);
        Job retried = book.submit(submitted("j2", TEXT, 1, 0, T0.plusSeconds(1), "key-1"), TEXT);

        assertThat(retried).isSameAs(first);
        assertThat(book.job("j2")).isEmpty();
        assertThat(book.byIdempotencyKey("xiaomi", "key-1")).contains(first);
        assertThat(book.byIdempotencyKey("samsung", "key-1")).isEmpty();
    }

    @Test
    void shouldRefuseAnIdempotencyKeyReusedForADifferentRequest() {
        // given a job submitted with a key, for the request of hash A
        Job first = book.submit(submitted("j1", TEXT, 1, 0, T0, "key-1"), TEXT, "sha256:A");

        // when the key comes again with the same request, then with another
        Job retried = book.submit(submitted("j2", TEXT, 1, 0, T0.plusSeconds(1), "key-1"), TEXT, "sha256:A");

        // then the same request answers the first job, and another request is refused, queueing nothing
        assertThat(retried).isSameAs(first);
        assertThat(book.retried("xiaomi", "key-1", "sha256:A")).contains(first);
        assertThatThrownBy(() -> book.submit(submitted("j3", TEXT, 1, 0, T0.plusSeconds(2), "key-1"), TEXT, "sha256:B"))
                .isInstanceOf(JobBook.IdempotencyKeyReused.class).hasMessageContaining("j1");
        assertThat(book.job("j3")).isEmpty();
        assertThat(book.retried("samsung", "key-1", "sha256:B")).as("keys are per partner").isEmpty();
        assertThat(book.drainChanges()).extracting(JobSnapshot::jobId, JobSnapshot::requestHash)
                .containsExactly(tuple("j1", "sha256:A"));
    }

    @Test
    void shouldTellEachQueuesDepthAndOldestAge() {
        submit("t1", TEXT, 1, 0, T0);
        submit("t2", TEXT, 1, 0, T0.plusSeconds(10));
        submit("x1", TRAINING, 1, 0, T0.plusSeconds(20));

        assertThat(book.queue("xiaomi", T0.plusSeconds(30)))
                .containsExactly(new JobBook.QueueDepth("inference_text", 2, Duration.ofSeconds(30)),
                        new JobBook.QueueDepth("training_small", 1, Duration.ofSeconds(10)));
    }

    @Test
    void shouldCarryOnFromSnapshotsAfterARestart() {
        submit("leased", TEXT, 1, 0, T0);
        submit("waiting", TEXT, 1, 0, T0.plusSeconds(1));
        Attempt lease = book.lease(XIAOMI_14, T0.plusSeconds(2)).orElseThrow();
        List<JobSnapshot> written = book.drainChanges();
        assertThat(written).extracting(JobSnapshot::jobId).containsExactly("leased", "waiting");

        // a new broker rebuilt from what was written
        List<Event> after = new ArrayList<>();
        var restarted = new JobBook(new JobBook.Settings(3, 1, Duration.ofHours(1)), after::add);
        written.forEach(restarted::restore);

        assertThat(restarted.lease(XIAOMI_14, T0.plusSeconds(3))).as("d1 still holds its lease").isEmpty();
        assertThat(restarted.lease(XIAOMI_14_PRO, T0.plusSeconds(3)).map(a -> a.leaseId())).isPresent();
        restarted.report(lease.leaseId(), "d1", Outcome.SUCCEEDED, "h", 20.0, T0.plusSeconds(20));
        restarted.report(lease.leaseId(), "d1", Outcome.SUCCEEDED, "h", 20.0, T0.plusSeconds(21));
        assertThat(after.stream().filter(JobCompletedEvent.class::isInstance)).hasSize(1);
        assertThat(restarted.byIdempotencyKey("xiaomi", "none")).isEmpty();
        assertThat(restarted.drainChanges()).extracting(JobSnapshot::jobId).containsExactlyInAnyOrder("leased", "waiting");
    }

    @Test
    void shouldCountAPartnersJobsAsOpenUntilTheyEnd() {
        // given three xiaomi jobs: one completes, one fails three times, one stays queued
        submit("done", TEXT, 1, 0, T0);
        submit("failing", TRAINING, 1, 0, T0);
        submit("waiting", TRAINING, 1, 0, T0);
        Attempt done = book.lease(REDMI, T0).orElseThrow();
        book.report(done.leaseId(), "d4", Outcome.SUCCEEDED, "h", 1.0, T0.plusSeconds(1));
        for (EligibleDevice device : List.of(XIAOMI_14, XIAOMI_14_PRO, XIAOMI_14_ULTRA)) {
            Attempt attempt = book.lease(device, T0.plusSeconds(2)).orElseThrow();
            book.report(attempt.leaseId(), device.deviceId(), Outcome.FAILED, null, 1.0, T0.plusSeconds(3));
        }

        // when the book is counted, and rebuilt from its snapshots
        int open = book.openJobs("xiaomi");
        var rebuilt = new JobBook(new JobBook.Settings(3, 1, Duration.ofHours(1)), e -> { });
        List.of("done", "failing", "waiting").forEach(id -> rebuilt.restore(book.job(id).orElseThrow().snapshot()));

        // then only the queued one is open, in both; another partner has none
        assertThat(book.job("done").orElseThrow().state()).isEqualTo(JobState.COMPLETED);
        assertThat(book.job("failing").orElseThrow().state()).isEqualTo(JobState.FAILED);
        assertThat(open).isEqualTo(1);
        assertThat(rebuilt.openJobs("xiaomi")).isEqualTo(1);
        assertThat(book.openJobs("samsung")).isZero();
    }

    private void submit(String jobId, TaskType type, int redundancy, int priority, Instant at) {
        book.submit(submitted(jobId, type, redundancy, priority, at, null), type);
    }

    static JobSubmittedEvent submitted(String jobId, TaskType type, int redundancy, int priority, Instant at,
                                       String idempotencyKey) {
        return new JobSubmittedEvent("e-" + jobId, at, jobId, "xiaomi", type.key(), "s3://in/" + jobId, "sha256:in",
                60, redundancy, priority, idempotencyKey);
    }

    private String jobOf(Attempt attempt) {
        return events(JobAssignedEvent.class).stream().filter(e -> e.leaseId().equals(attempt.leaseId()))
                .findFirst().orElseThrow().jobId();
    }

    private <E> List<E> events(Class<E> type) {
        return journal.stream().filter(type::isInstance).map(type::cast).toList();
    }
}
