package io.nhp.jobs.broker;

import static org.assertj.core.api.Assertions.assertThat;

import io.nhp.contracts.events.JobSubmittedEvent;
import io.nhp.contracts.jobs.JobSnapshot;
import io.nhp.jobs.domain.EligibleDevice;
import io.nhp.jobs.domain.JobBook;
import io.nhp.jobs.domain.TaskType;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class GroupCommitTest {

    static final Instant T0 = Instant.parse("2026-12-06T02:00:00Z");
    static final TaskType TEXT = new TaskType("inference_text", 0.5, 10.0, true);
    static final EligibleDevice PHONE = new EligibleDevice("d1", "xiaomi", "o1", "india", 34.0);

    final JobBook book = new JobBook(new JobBook.Settings(3, 1, Duration.ofHours(1)), event -> { });

    @Test
    void shouldWriteEachJobOnceAsItStandsAfterTheLastOfTheGroupedBatches() {
        // given a job submitted in one batch and leased in the next, and another submitted then forgotten
        submit("j1");
        submit("j2");
        var first = batch(book.drainChanges(), List.of());
        book.lease(PHONE, T0.plusSeconds(1)).orElseThrow();
        var second = batch(book.drainChanges(), List.of("j2"));

        // when both batches go into one transaction
        List<JobSnapshot> written = GroupCommit.latestSnapshots(List.of(first, second), List.of("j2"));

        // then j1 is written once, leased; j2 not at all (its tombstone is written instead)
        assertThat(written).extracting(JobSnapshot::jobId).containsExactly("j1");
        assertThat(written.get(0).state()).isEqualTo(JobSnapshot.State.LEASED);
    }

    private void submit(String jobId) {
        book.submit(new JobSubmittedEvent("e-" + jobId, T0, jobId, "xiaomi", TEXT.key(), "s3://in", "sha256:in", 60, 1,
                0, null, null), TEXT);
    }

    private static GroupCommit.Batch batch(List<JobSnapshot> changed, List<String> forgotten) {
        return new GroupCommit.Batch(changed, forgotten, List.of(), List.of(), List.of());
    }
}
