package io.nhp.contracts.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nhp.contracts.Topics;
import io.nhp.contracts.serde.JsonSerde;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;

class JobSnapshotSerdeTest {

    private static final Instant T = Instant.parse("2026-12-06T10:00:00.123456789Z");
    private static final String TOPIC = Topics.JOBS_STATE.name();
    private final Serde<JobSnapshot> serde = Topics.JOBS_STATE.valueSerde();

    /** Every field set, two attempts (one still running), vectors inline. */
    static JobSnapshot full() {
        var device = new JobSnapshot.Device("d1", "xiaomi", "o-1", "india", 34.0);
        return new JobSnapshot("j1", "xiaomi", new JobSnapshot.Task("embeddings", 0.000016, 4.0, true), "ref-1",
                "sha256:in", 2, 2, 5, T, T.plusSeconds(3600), "batch-7/item-1", "sha256:request", 9,
                JobSnapshot.State.COMPLETED, "sha256:out", List.of("LEASE_EXPIRED (attempt 1, d2)", "é ✓"),
                List.of(new JobSnapshot.AttemptSnapshot("l1", device, T, T.plusSeconds(2),
                                JobSnapshot.AttemptSnapshot.Outcome.SUCCEEDED, "sha256:out", 0.002, false, true,
                                T.plusMillis(900), 0.000941, new byte[] {1, 2, 3, 4}),
                        new JobSnapshot.AttemptSnapshot("l2", new JobSnapshot.Device("d2", "xiaomi", "o-2", null, 8.0),
                                T, T.plusSeconds(2), null, null, null, false, null, null, null, null)),
                "a phone on its charger", new byte[] {9, 8, 7}, "phones", Boolean.FALSE, new byte[0]);
    }

    /** What a queued job without any of the optional fields looks like. */
    static JobSnapshot queued() {
        return new JobSnapshot("j2", "honor", new JobSnapshot.Task("inference_text", 0.05, 8.0, false), null,
                "sha256:in", 200, 1, 0, T, T.plusSeconds(3600), null, null, 1, JobSnapshot.State.QUEUED, null,
                List.of(), List.of(), null, null, null, null, null);
    }

    @Test
    void shouldReadBackEveryFieldOfWhatItWrote() {
        for (JobSnapshot job : List.of(full(), queued())) {
            byte[] bytes = serde.serializer().serialize(TOPIC, job);

            assertThat(serde.deserializer().deserialize(TOPIC, bytes)).usingRecursiveComparison().isEqualTo(job);
        }
    }

    @Test
    void shouldWriteTheSameBytesForASnapshotWhateverWasWrittenBefore() {
        // given the bytes of a small snapshot, then a large one written (the next buffer starts at its size)
        byte[] small = serde.serializer().serialize(TOPIC, queued());
        JobSnapshot large = new JobSnapshot("j3", "xiaomi", full().taskType(), null, "sha256:in", 2, 1, 0, T, T, null,
                null, 1, JobSnapshot.State.QUEUED, null, List.of(), List.of(), "x".repeat(40_000), new byte[40_000],
                null, null, null);
        byte[] largeBytes = serde.serializer().serialize(TOPIC, large);

        // when the small one is written again, then the same bytes, and the large one still reads whole
        assertThat(serde.serializer().serialize(TOPIC, queued())).isEqualTo(small);
        assertThat(serde.deserializer().deserialize(TOPIC, largeBytes)).usingRecursiveComparison().isEqualTo(large);
    }

    @Test
    void shouldWriteLessThanHalfOfWhatJsonTook() {
        byte[] json = new JsonSerde.JsonSerializer<JobSnapshot>().serialize(TOPIC, full());

        assertThat(serde.serializer().serialize(TOPIC, full())).hasSizeLessThan(json.length / 2);
    }

    @Test
    void shouldReadSnapshotsEarlierVersionsWroteAsJson() {
        byte[] json = new JsonSerde.JsonSerializer<JobSnapshot>().serialize(TOPIC, full());

        assertThat(serde.deserializer().deserialize(TOPIC, json)).usingRecursiveComparison().isEqualTo(full());
    }

    @Test
    void shouldSkipFieldsANewerVersionAppendedToTheSnapshotAndToItsAttempts() {
        // given what a newer version writes: a field after each attempt's and after the snapshot's own
        JobSnapshot job = full();
        byte[] bytes = serde.serializer().serialize(TOPIC, job);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        int firstAttempt = attemptsStart(job);
        int length = in.getInt(firstAttempt);
        byte[] extra = {42, 42, 42};
        ByteBuffer newer = ByteBuffer.allocate(bytes.length + 2 * extra.length);
        newer.put(bytes, 0, firstAttempt).putInt(length + extra.length)
                .put(bytes, firstAttempt + 4, length).put(extra)
                .put(bytes, firstAttempt + 4 + length, bytes.length - firstAttempt - 4 - length).put(extra);

        // when it is read by this version, then it reads as the snapshot it knows
        assertThat(serde.deserializer().deserialize(TOPIC, newer.array())).usingRecursiveComparison().isEqualTo(job);
    }

    @Test
    void shouldRefuseBytesThatHoldNoSnapshot() {
        byte[] bytes = serde.serializer().serialize(TOPIC, full());

        for (byte[] corrupt : List.of(Arrays.copyOf(bytes, bytes.length / 2), new byte[] {1, 0, 0, 0},
                new byte[] {7, 1, 2}, new byte[0], withCount(bytes, attemptsStart(full()) - 4, Integer.MAX_VALUE))) {
            assertThatThrownBy(() -> serde.deserializer().deserialize(TOPIC, corrupt))
                    .isInstanceOf(SerializationException.class).hasMessageContaining("JobSnapshot");
        }
    }

    /** Where the first attempt's length is: after the fields before the attempts and their count. */
    private int attemptsStart(JobSnapshot job) {
        JobSnapshot withoutAttempts = new JobSnapshot(job.jobId(), job.partner(), job.taskType(), job.inputRef(),
                job.inputHash(), job.leaseSeconds(), job.redundancy(), job.priority(), job.submittedAt(),
                job.expiresAt(), job.idempotencyKey(), job.requestHash(), job.sequence(), job.state(),
                job.resultHash(), job.failureReasons(), List.of(), null, null, null, null, null);
        byte[] bytes = serde.serializer().serialize(TOPIC, withoutAttempts);
        int tail = 4 + 4 + 4 + 1 + 4; // input, output, servedBy, checking, knownAnswer: all absent
        return bytes.length - tail;
    }

    private static byte[] withCount(byte[] bytes, int at, int count) {
        byte[] changed = bytes.clone();
        ByteBuffer.wrap(changed).putInt(at, count);
        return changed;
    }
}
