package io.nhp.jobs.domain;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * What a device is handed with a lease: the work, and until when its result is awaited. {@code input} is the inline
 * input and {@code model} the model to run, when the job has them (left out of the JSON otherwise).
 */
public record Lease(String leaseId, String jobId, String taskType, String inputRef, String inputHash,
                    Instant leaseExpiresAt,
                    @JsonInclude(JsonInclude.Include.NON_NULL) String input,
                    @JsonInclude(JsonInclude.Include.NON_NULL) String model) {
}
