package io.nhp.jobs.domain;

import static io.nhp.jobs.domain.WithEmbeddingsBook.EMBEDDINGS;
import static io.nhp.jobs.domain.WithEmbeddingsBook.vector;
import static org.assertj.core.api.Assertions.assertThat;

import io.nhp.contracts.events.Event;
import io.nhp.contracts.events.JobCompletedEvent;
import io.nhp.contracts.events.JobSubmittedEvent;
import io.nhp.embeddings.Vectors;
import io.nhp.jobs.domain.Attempt.Outcome;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The book's checks beyond agreement: strikes and cool-off of dissenters, spot checks, canaries. */
class JobBookChecksTest {

    static final Instant T0 = Instant.parse("2026-12-06T01:00:00Z");
    static final EligibleDevice A = new EligibleDevice("d1", "xiaomi", "o1", "india", 34.0);
    static final EligibleDevice B = new EligibleDevice("d2", "xiaomi", "o2", "china", 34.0);
    static final EligibleDevice C = new EligibleDevice("d3", "xiaomi", "o3", "eu", 34.0);
    static final EligibleDevice CHEATER = new EligibleDevice("d9", "xiaomi", "o9", "eu", 34.0);
    static final Reputation.Settings REPUTATION = new Reputation.Settings(3, Duration.ofHours(1), Duration.ofHours(1), 10);

    final List<Event> journal = new ArrayList<>();
    final JobBook.Settings settings = new JobBook.Settings(3, 1, Duration.ofHours(1));
    final JobBook book = new JobBook(settings, new JobBook.Checks(REPUTATION, job -> false), journal::add);
    final JobBook checked = new JobBook(settings, new JobBook.Checks(REPUTATION, job -> true), journal::add);

    @Test
    void shouldStrikeADissenterThriceThenLeaseItNothingUntilItsCoolOffEnds() {
        // given a cheater that dissents on three jobs within minutes
        for (int i = 0; i < 3; i++) {
            Instant at = T0.plusSeconds(60L * i);
            submit(book, "j" + i, 2, at);
            Attempt honest = book.lease(A, at).orElseThrow();
            Attempt cheater = book.lease(CHEATER, at).orElseThrow();
            post(book, honest, "d1", vector(1), at);
            post(book, cheater, "d9", vector(2), at);
            post(book, book.lease(B, at).orElseThrow(), "d2", vector(1), at);
            assertThat(completion("j" + i).dissentingDevices()).containsExactly("d9");
        }

        // when a new job is queued
        submit(book, "next", 1, T0.plusSeconds(200));

        // then the cheater is leased nothing for an hour, an honest device is
        assertThat(book.reputation().drainStrikes()).extracting(Reputation.Strike::reason)
                .containsExactly(Reputation.Reason.DISSENT, Reputation.Reason.DISSENT, Reputation.Reason.DISSENT);
        assertThat(book.lease(CHEATER, T0.plusSeconds(200))).isEmpty();
        assertThat(book.lease(CHEATER, T0.plusSeconds(120 + 3599))).isEmpty();
        assertThat(book.lease(CHEATER, T0.plusSeconds(121 + 3600))).isPresent();
    }

    @Test
    void shouldKeepACoolOffOverARestartFromTheJobSnapshots() {
        // given a cheater struck out on three canaries
        var canaries = new JobBook(settings, new JobBook.Checks(REPUTATION, job -> false), journal::add);
        for (int i = 0; i < 3; i++) {
            submitCanary(canaries, "c" + i, T0);
            post(canaries, canaries.lease(CHEATER, T0.plusSeconds(i)).orElseThrow(), "d9", vector(2), T0.plusSeconds(i));
        }
        assertThat(canaries.lease(CHEATER, T0.plusSeconds(10))).isEmpty();

        // when job-broker restarts and rebuilds its book from the snapshots
        var rebuilt = new JobBook(settings, new JobBook.Checks(REPUTATION, job -> false), e -> { });
        canaries.drainChanges().forEach(rebuilt::restore);
        submit(rebuilt, "after", 1, T0.plusSeconds(20));

        // then the cheater is still cooling off, and nothing was struck twice
        assertThat(rebuilt.lease(CHEATER, T0.plusSeconds(20))).isEmpty();
        assertThat(rebuilt.reputation().drainStrikes()).isEmpty();
        assertThat(rebuilt.lease(CHEATER, T0.plusSeconds(3 + 3600))).isPresent();
    }

    @Test
    void shouldCompleteASpotCheckedJobOnlyWhenTheServiceAgrees() {
        // given two owners agreeing on an embeddings job that the spot check picks
        submit(checked, "j1", 2, T0);
        post(checked, checked.lease(A, T0).orElseThrow(), "d1", vector(1), T0);
        post(checked, checked.lease(B, T0).orElseThrow(), "d2", vector(1), T0);
        assertThat(checked.job("j1").orElseThrow().state()).isEqualTo(JobState.LEASED);
        assertThat(checked.job("j1").orElseThrow().checking()).isTrue();
        assertThat(journal).noneMatch(JobCompletedEvent.class::isInstance);
        assertThat(checked.drainSpotChecks()).containsExactly(new JobBook.SpotCheck("j1", "xiaomi", EMBEDDINGS, "text of j1"));
        assertThat(checked.lease(C, T0)).as("a job being checked needs no device").isEmpty();

        // when the service's re-execution agrees
        checked.spotChecked("j1", Vectors.toBytes(vector(1)), T0.plusMillis(20));

        // then it completes as the phones', spot-checked, both paid
        JobCompletedEvent completed = completion("j1");
        assertThat(completed.spotChecked()).isTrue();
        assertThat(completed.servedBy()).isEqualTo(JobCompletedEvent.PHONES);
        assertThat(completed.executions()).extracting(JobCompletedEvent.Execution::deviceId).containsExactly("d1", "d2");
        assertThat(completed.dissentingDevices()).isEmpty();
        assertThat(checked.job("j1").orElseThrow().servedBy()).isEqualTo(JobCompletedEvent.PHONES);
    }

    @Test
    void shouldServeTheServicesAnswerAndStrikeTheColludersWhenTheSpotCheckDisagrees() {
        // given two colluders posting the same wrong vector, and an honest dissenter
        submit(checked, "j1", 2, T0);
        Attempt first = checked.lease(A, T0).orElseThrow();
        Attempt honest = checked.lease(C, T0).orElseThrow();
        post(checked, first, "d1", vector(2), T0);
        post(checked, honest, "d3", vector(1), T0);
        post(checked, checked.lease(B, T0).orElseThrow(), "d2", vector(2), T0);
        assertThat(checked.drainSpotChecks()).extracting(JobBook.SpotCheck::jobId).containsExactly("j1");

        // when the service computes the right vector
        checked.spotChecked("j1", Vectors.toBytes(vector(1)), T0.plusMillis(20));

        // then the job delivers the service's vector as served by the cloud, nobody paid, both colluders struck
        JobCompletedEvent completed = completion("j1");
        assertThat(completed.servedBy()).isEqualTo(JobCompletedEvent.CLOUD);
        assertThat(completed.spotChecked()).isFalse();
        assertThat(completed.executions()).isEmpty();
        assertThat(completed.dissentingDevices()).containsExactly("d1", "d2");
        assertThat(completed.resultHash()).isEqualTo(Vectors.sha256Hex(Vectors.toBytes(vector(1))));
        assertThat(checked.job("j1").orElseThrow().output()).isEqualTo(Vectors.toBytes(vector(1)));
        assertThat(checked.job("j1").orElseThrow().servedBy()).isEqualTo(JobCompletedEvent.CLOUD);
        var rebuilt = new JobBook(settings, JobBook.Checks.defaults(), e -> { });
        checked.drainChanges().forEach(rebuilt::restore);
        assertThat(rebuilt.job("j1").orElseThrow().servedBy()).as("kept in the snapshot").isEqualTo(JobCompletedEvent.CLOUD);
        assertThat(checked.reputation().drainStrikes()).extracting(Reputation.Strike::deviceId, Reputation.Strike::reason)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("d1", Reputation.Reason.SPOT_CHECK),
                        org.assertj.core.groups.Tuple.tuple("d2", Reputation.Reason.SPOT_CHECK));
        assertThat(checked.reputation().strikesOf("d3", T0.plusSeconds(1))).isZero();
    }

    @Test
    void shouldAskTheSpotCheckAgainAfterARestartAndLetThePhonesAnswerStandWhenItNeverComes() {
        // given a job being checked when job-broker stops
        submit(checked, "j1", 1, T0);
        post(checked, checked.lease(A, T0).orElseThrow(), "d1", vector(1), T0);
        checked.drainSpotChecks();

        // when it is rebuilt
        var rebuilt = new JobBook(settings, new JobBook.Checks(REPUTATION, job -> true), journal::add);
        checked.drainChanges().forEach(rebuilt::restore);

        // then the check is asked again; and if no answer comes within the job's lifetime, the phones' answer stands
        assertThat(rebuilt.drainSpotChecks()).extracting(JobBook.SpotCheck::jobId).containsExactly("j1");
        rebuilt.expire(T0.plus(Duration.ofHours(1)));
        assertThat(completion("j1").spotChecked()).isFalse();
        assertThat(completion("j1").executions()).extracting(JobCompletedEvent.Execution::deviceId).containsExactly("d1");
        assertThat(rebuilt.job("j1").orElseThrow().state()).isEqualTo(JobState.COMPLETED);
    }

    @Test
    void shouldJudgeACanaryAgainstItsKnownAnswer() {
        // given two canaries, indistinguishable from partner jobs in their leases
        submitCanary(book, "c1", T0);
        submitCanary(book, "c2", T0);
        Lease honestLease = book.leaseFor(A, T0).orElseThrow();
        Attempt cheater = book.lease(CHEATER, T0).orElseThrow();
        assertThat(honestLease.input()).isEqualTo("text of c1");

        // when the honest device posts the known answer and the cheater another vector
        byte[] right = Vectors.toBytes(vector(1));
        book.report(honestLease.leaseId(), "d1", Outcome.SUCCEEDED, Vectors.sha256Hex(right), right, 0.01, T0);
        post(book, cheater, "d9", vector(2), T0);

        // then both complete as canaries with one result: the honest one paid, the cheater struck and not paid
        assertThat(completion("c1").canary()).isTrue();
        assertThat(completion("c1").executions()).extracting(JobCompletedEvent.Execution::deviceId).containsExactly("d1");
        assertThat(completion("c1").servedBy()).isEqualTo(JobCompletedEvent.PHONES);
        assertThat(completion("c2").canary()).isTrue();
        assertThat(completion("c2").executions()).isEmpty();
        assertThat(completion("c2").dissentingDevices()).containsExactly("d9");
        assertThat(book.reputation().drainStrikes()).extracting(Reputation.Strike::deviceId, Reputation.Strike::reason)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("d9", Reputation.Reason.CANARY));
    }

    @Test
    void shouldNotSpotCheckACanary() {
        // given a book that checks every job
        submitCanary(checked, "c1", T0);

        // when its canary is answered
        post(checked, checked.lease(A, T0).orElseThrow(), "d1", vector(1), T0);

        // then the known answer judged it: no re-execution
        assertThat(checked.drainSpotChecks()).isEmpty();
        assertThat(completion("c1").canary()).isTrue();
    }

    private static void submit(JobBook book, String jobId, int redundancy, Instant at) {
        book.submit(new JobSubmittedEvent("e-" + jobId, at, jobId, "xiaomi", "embeddings", null, "h-" + jobId, 2,
                redundancy, 0, null, "text of " + jobId), EMBEDDINGS);
    }

    private static void submitCanary(JobBook book, String jobId, Instant at) {
        book.submitCanary(new JobSubmittedEvent("e-" + jobId, at, jobId, "xiaomi", "embeddings", null, "h-" + jobId, 2,
                1, 0, null, "text of " + jobId), EMBEDDINGS, Vectors.toBytes(vector(1)));
    }

    private static void post(JobBook book, Attempt attempt, String deviceId, float[] vector, Instant at) {
        byte[] output = Vectors.toBytes(vector);
        assertThat(book.report(attempt.leaseId(), deviceId, Outcome.SUCCEEDED, Vectors.sha256Hex(output), output,
                0.01, at.plusMillis(8))).isInstanceOf(JobBook.Answer.Accepted.class);
    }

    private JobCompletedEvent completion(String jobId) {
        return journal.stream().filter(JobCompletedEvent.class::isInstance).map(JobCompletedEvent.class::cast)
                .filter(c -> c.jobId().equals(jobId)).reduce((a, b) -> {
                    throw new AssertionError("two completions of " + jobId);
                }).orElseThrow();
    }
}
