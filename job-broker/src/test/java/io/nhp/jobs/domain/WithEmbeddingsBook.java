package io.nhp.jobs.domain;

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

/** A job book of Xiaomi's embeddings jobs and phones of three owners, for the tests of its real outputs. */
abstract class WithEmbeddingsBook {

    static final Instant T0 = Instant.parse("2026-12-03T20:00:00Z");
    /** As the model data defines it: 16 µs of an H100, 4 TOPS at least. */
    static final TaskType EMBEDDINGS = new TaskType("embeddings", 0.000016, 4.0, true);
    static final EligibleDevice A = new EligibleDevice("d1", "xiaomi", "o1", "india", 34.0);
    static final EligibleDevice B = new EligibleDevice("d2", "xiaomi", "o2", "china", 34.0);
    static final EligibleDevice C = new EligibleDevice("d3", "xiaomi", "o3", "eu", 34.0);

    final List<Event> journal = new ArrayList<>();
    final JobBook book = new JobBook(new JobBook.Settings(3, 1, Duration.ofHours(1)), journal::add);

    /** A unit vector of 384 dimensions, one per seed. */
    static float[] vector(int seed) {
        float[] v = new float[384];
        double norm = 0;
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) Math.sin(seed * 7.3 + i * (seed + 0.5));
            norm += v[i] * v[i];
        }
        for (int i = 0; i < v.length; i++) {
            v[i] /= (float) Math.sqrt(norm);
        }
        return v;
    }

    /** Queues an embeddings job of {@code redundancy} results, its text inline. */
    void submit(String jobId, int redundancy) {
        book.submit(new JobSubmittedEvent("e-" + jobId, T0, jobId, "xiaomi", "embeddings", null, "h-" + jobId, 2,
                redundancy, 0, null, "text of " + jobId), EMBEDDINGS);
    }

    /** The device's vector for its lease, received 8 ms after it was leased; accepted. */
    void post(Attempt attempt, String deviceId, byte[] output) {
        assertThat(book.report(attempt.leaseId(), deviceId, Outcome.SUCCEEDED, Vectors.sha256Hex(output), output,
                0.01, T0.plusMillis(8))).isInstanceOf(JobBook.Answer.Accepted.class);
    }

    /** A job of redundancy 2, leased to the phones of two owners (A, B), which both post {@code output}. */
    void completedByTwo(String jobId, byte[] output) {
        submit(jobId, 2);
        Attempt a = book.lease(A, T0).orElseThrow();
        Attempt b = book.lease(B, T0).orElseThrow();
        post(a, A.deviceId(), output);
        post(b, B.deviceId(), output);
    }

    List<JobCompletedEvent> completions() {
        return journal.stream().filter(JobCompletedEvent.class::isInstance).map(JobCompletedEvent.class::cast)
                .toList();
    }
}
