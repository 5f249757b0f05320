package io.nhp.jobs.domain;

/** Where a job stands. COMPLETED, FAILED and EXPIRED are final. */
public enum JobState {
    /** Waiting for a device (or for more devices, when it needs several results). */
    QUEUED,
    /** Every device it needs right now has it. */
    LEASED,
    COMPLETED,
    /** Out of attempts: failures, expired leases or results that never agreed. */
    FAILED,
    /** Nobody took it within the job's lifetime. */
    EXPIRED;

    public boolean isFinal() {
        return this == COMPLETED || this == FAILED || this == EXPIRED;
    }
}
