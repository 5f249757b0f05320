package io.nhp.jobs.api;

import io.nhp.jobs.domain.Job;
import io.nhp.jobs.domain.JobState;
import java.time.Instant;
import java.util.List;

/** {@code GET /api/v1/jobs/{id}}: where a job stands. */
public record JobView(String jobId, String taskType, JobState state, int attempts, int failures, int redundancy,
                      String resultHash, List<String> failureReasons, Instant submittedAt, Instant expiresAt) {

    static JobView of(Job job) {
        return new JobView(job.id(), job.taskType().key(), job.state(), job.attempts().size(), job.failures(),
                job.redundancy(), job.resultHash(), job.failureReasons(), job.submittedAt(), job.expiresAt());
    }
}
