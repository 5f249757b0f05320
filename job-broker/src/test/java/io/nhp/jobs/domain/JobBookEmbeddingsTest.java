package io.nhp.jobs.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.nhp.contracts.events.JobCompletedEvent;
import io.nhp.embeddings.Vectors;
import io.nhp.jobs.domain.Attempt.Outcome;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The job book with real outputs: embeddings are checked, agree within tolerance, and the agreed vector is kept. */
class JobBookEmbeddingsTest extends WithEmbeddingsBook {

    @Test
    void shouldCompleteWhenTwoOwnersPostTheSameVectorAndKeepIt() {
        // given an embeddings job with redundancy 2 leased to two owners, when both post the same vector
        byte[] honest = Vectors.toBytes(vector(1));
        completedByTwo("j1", honest);

        // then the job completes with that vector and its hash, and the attempts' copies are dropped
        Job job = book.job("j1").orElseThrow();
        assertThat(job.state()).isEqualTo(JobState.COMPLETED);
        assertThat(job.output()).isEqualTo(honest);
        assertThat(job.resultHash()).isEqualTo(Vectors.sha256Hex(honest));
        assertThat(job.attempts()).allSatisfy(attempt -> assertThat(attempt.output()).isNull());
        assertThat(completions().get(0).executions()).extracting(JobCompletedEvent.Execution::deviceId)
                .containsExactly("d1", "d2");
    }

    @Test
    void shouldAgreeOnVectorsWithinTheToleranceAndDeliverTheFirstOfTheGroup() {
        // given two results of the same text that differ in the last bits (another runtime's rounding)
        submit("j1", 2);
        Attempt a = book.lease(A, T0).orElseThrow();
        Attempt b = book.lease(B, T0).orElseThrow();
        float[] first = vector(1);
        float[] rounded = first.clone();
        for (int i = 0; i < rounded.length; i += 2) {
            rounded[i] += 1e-6f;
        }

        // when both are posted
        post(a, "d1", Vectors.toBytes(first));
        post(b, "d2", Vectors.toBytes(rounded));

        // then they agree: the job completes with the first's vector, both counted, nobody dissenting
        Job job = book.job("j1").orElseThrow();
        assertThat(job.state()).isEqualTo(JobState.COMPLETED);
        assertThat(job.output()).isEqualTo(Vectors.toBytes(first));
        assertThat(completions().get(0).dissentingDevices()).isEmpty();
        assertThat(book.validity("d2")).containsExactly(1, 0);
    }

    @Test
    void shouldRecordACheatersVectorAsDissentAndAskAnotherDevice() {
        // given an embeddings job with redundancy 2 and a cheater among its first two devices
        submit("j1", 2);
        Attempt honest = book.lease(A, T0).orElseThrow();
        Attempt cheater = book.lease(B, T0).orElseThrow();
        post(honest, "d1", Vectors.toBytes(vector(1)));
        post(cheater, "d2", Vectors.toBytes(vector(2)));

        // when the results disagree, a third owner is asked and agrees with the honest one
        assertThat(book.job("j1").orElseThrow().state()).isEqualTo(JobState.QUEUED);
        Attempt third = book.lease(C, T0.plusSeconds(1)).orElseThrow();
        post(third, "d3", Vectors.toBytes(vector(1)));

        // then the job completes with the honest vector and the cheater is the dissenter
        assertThat(book.job("j1").orElseThrow().output()).isEqualTo(Vectors.toBytes(vector(1)));
        assertThat(completions().get(0).dissentingDevices()).containsExactly("d2");
        assertThat(book.validity("d2")).containsExactly(0, 1);
    }

    @Test
    void shouldRefuseAnOutputThatIsNotAValidVectorAndRecordNothing() {
        // given an embeddings job leased to a device
        submit("j1", 1);
        Attempt lease = book.lease(A, T0).orElseThrow();
        byte[] vector = Vectors.toBytes(vector(1));
        byte[] nan = vector.clone();
        nan[3] = (byte) 0x7f;
        nan[2] = (byte) 0xc0; // first float becomes NaN

        // when it posts no output, too few floats, a NaN, or a hash that is not the output's
        var none = book.report(lease.leaseId(), "d1", Outcome.SUCCEEDED, Vectors.sha256Hex(vector), null, 0.01, T0);
        var short383 = book.report(lease.leaseId(), "d1", Outcome.SUCCEEDED, "h", new byte[383 * 4], 0.01, T0);
        var notFinite = book.report(lease.leaseId(), "d1", Outcome.SUCCEEDED, Vectors.sha256Hex(nan), nan, 0.01, T0);
        var wrongHash = book.report(lease.leaseId(), "d1", Outcome.SUCCEEDED, "0".repeat(64), vector, 0.01, T0);

        // then each is refused naming the field, and the lease still runs
        assertThat(List.of(none, short383, notFinite)).allSatisfy(answer -> assertThat(answer)
                .isInstanceOfSatisfying(JobBook.Answer.InvalidOutput.class, i -> assertThat(i.field()).isEqualTo("output")));
        assertThat(wrongHash).isInstanceOfSatisfying(JobBook.Answer.InvalidOutput.class,
                i -> assertThat(i.field()).isEqualTo("outputHash"));
        assertThat(lease.running()).isTrue();
        assertThat(book.job("j1").orElseThrow().state()).isEqualTo(JobState.LEASED);
    }

    @Test
    void shouldHandTheInputAndModelWithTheLeaseAndKeepThemOverARestart() {
        // given an embeddings job with its text inline, one result of two posted
        submit("j1", 2);
        Lease lease = book.leaseFor(A, T0).orElseThrow();
        post(book.lease(B, T0).orElseThrow(), "d2", Vectors.toBytes(vector(1)));

        // when the book is rebuilt from its snapshot and the other result comes
        var rebuilt = new JobBook(new JobBook.Settings(3, 1, Duration.ofHours(1)), journal::add);
        book.drainChanges().forEach(rebuilt::restore);
        byte[] same = Vectors.toBytes(vector(1));
        rebuilt.report(lease.leaseId(), "d1", Outcome.SUCCEEDED, Vectors.sha256Hex(same), same, 0.01,
                T0.plusMillis(5));

        // then the lease carried the text and the model, and the rebuilt book still compared the vectors
        assertThat(lease.input()).isEqualTo("text of j1");
        assertThat(lease.model()).isEqualTo("all-MiniLM-L6-v2");
        assertThat(rebuilt.job("j1").orElseThrow().state()).isEqualTo(JobState.COMPLETED);
        assertThat(rebuilt.job("j1").orElseThrow().input()).isEqualTo("text of j1");
    }
}
