package io.nhp.agent.protocol;

import java.time.Instant;
import java.util.Objects;

/**
 * Work job-broker handed this device: until {@code leaseExpiresAt} its result is awaited. {@code input} (the inline
 * text to embed) and {@code model} are present for task type {@code embeddings}, absent (null) for older task types.
 */
public record Lease(String leaseId, String jobId, String taskType, String inputRef, String inputHash,
                    Instant leaseExpiresAt, String input, String model) {

    public Lease {
        Objects.requireNonNull(leaseId, "leaseId");
        Objects.requireNonNull(leaseExpiresAt, "leaseExpiresAt");
    }
}
