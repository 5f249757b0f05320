package io.nhp.jobs.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.nhp.contracts.events.JobCompletedEvent;
import io.nhp.jobs.domain.Job;
import io.nhp.jobs.domain.JobState;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

/**
 * {@code GET /api/v1/jobs/{id}}: where a job stands. Once completed, {@code executions} are the results that counted,
 * each with the seconds paid (measured by the broker, as {@code JobCompleted} carries them) and those the device
 * claimed, {@code output} the delivered output (base64; left out for task types without one), and {@code servedBy}
 * who delivered it: {@code phones} (validated agreement) or {@code cloud} (the fallback; nobody is paid).
 */
public record JobView(String jobId, String taskType, JobState state, int attempts, int failures, int redundancy,
                      String resultHash, List<String> failureReasons, Instant submittedAt, Instant expiresAt,
                      List<ExecutionView> executions,
                      @JsonInclude(JsonInclude.Include.NON_NULL) String output,
                      @JsonInclude(JsonInclude.Include.NON_NULL) String servedBy) {

    /** A result that counted: its device, the seconds paid for it and the seconds the device claimed. */
    public record ExecutionView(String deviceId, Double paidSeconds, Double claimedSeconds) {
    }

    static JobView of(Job job) {
        return new JobView(job.id(), job.taskType().key(), job.state(), job.attempts().size(), job.failures(),
                job.redundancy(), job.resultHash(), job.failureReasons(), job.submittedAt(), job.expiresAt(),
                // served by the cloud (the service's own answer), no phone's result is paid
                JobCompletedEvent.CLOUD.equals(job.servedBy()) ? List.of() : job.counted().stream().map(a -> new ExecutionView(
                        a.device().deviceId(), a.paidSeconds(), a.claimedSeconds())).toList(),
                job.output() == null ? null : Base64.getEncoder().encodeToString(job.output()),
                job.state() == JobState.COMPLETED ? job.servedBy() : null);
    }
}
