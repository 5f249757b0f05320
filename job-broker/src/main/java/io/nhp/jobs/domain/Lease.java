package io.nhp.jobs.domain;

import java.time.Instant;

/** What a device is handed with a lease: the work, and until when its result is awaited. */
public record Lease(String leaseId, String jobId, String taskType, String inputRef, String inputHash,
                    Instant leaseExpiresAt) {
}
