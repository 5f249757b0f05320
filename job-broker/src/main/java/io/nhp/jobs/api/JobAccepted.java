package io.nhp.jobs.api;

/** Answer to a submission: the job's id. */
public record JobAccepted(String jobId) {
}
