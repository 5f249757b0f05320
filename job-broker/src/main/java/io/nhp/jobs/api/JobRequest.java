package io.nhp.jobs.api;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** One AI job of a partner (the partner is the credential's). {@code deadlineSeconds} is each attempt's lease. */
public record JobRequest(
        @NotBlank @Pattern(regexp = "[a-z][a-z0-9_]{1,63}", message = "must be a task type key such as inference_text")
        String taskType,
        @NotBlank @Size(max = 2048) String inputRef,
        @NotBlank @Size(max = 256) String inputHash,
        @Min(1) Integer deadlineSeconds,
        @Min(1) @Max(3) Integer redundancy,
        @Min(0) @Max(9) Integer priority) {
}
