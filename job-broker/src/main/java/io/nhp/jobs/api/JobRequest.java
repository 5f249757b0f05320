package io.nhp.jobs.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * One AI job of a partner (the partner is the credential's). {@code deadlineSeconds} is each attempt's lease.
 * {@code input} is the input inline (text, at most 32 KiB as UTF-8; required for {@code embeddings}), and then
 * {@code inputRef} may be left out and {@code inputHash}, the SHA-256 hex of its UTF-8 bytes, is computed when left
 * out (checked when given); without an input both are required.
 */
public record JobRequest(
        @NotBlank @Pattern(regexp = TASK_TYPE_KEY, message = "must be a task type key such as inference_text")
        String taskType,
        @Size(max = 2048) String inputRef,
        @Size(max = 256) String inputHash,
        @Min(1) Integer deadlineSeconds,
        @Min(1) @Max(3) Integer redundancy,
        @Min(0) @Max(9) Integer priority,
        @JsonInclude(JsonInclude.Include.NON_NULL) @Size(max = MAX_INPUT_BYTES) String input) {

    /** The most bytes an inline input takes as UTF-8 (32 KiB). */
    public static final int MAX_INPUT_BYTES = 32 * 1024;
    /** What a task type key looks like. */
    static final String TASK_TYPE_KEY = "[a-z][a-z0-9_]{1,63}";
    private static final java.util.regex.Pattern TASK_TYPE = java.util.regex.Pattern.compile(TASK_TYPE_KEY);

    /** What Bean Validation would say, checked by hand: true only if it would find nothing ({@link Bodies}). */
    boolean plainlyValid() {
        return taskType != null && TASK_TYPE.matcher(taskType).matches()
                && (inputRef == null || inputRef.length() <= 2048) && (inputHash == null || inputHash.length() <= 256)
                && (deadlineSeconds == null || deadlineSeconds >= 1)
                && (redundancy == null || redundancy >= 1 && redundancy <= 3)
                && (priority == null || priority >= 0 && priority <= 9)
                && (input == null || input.length() <= MAX_INPUT_BYTES);
    }

    /** A job whose input is by reference. */
    public JobRequest(String taskType, String inputRef, String inputHash, Integer deadlineSeconds, Integer redundancy,
                      Integer priority) {
        this(taskType, inputRef, inputHash, deadlineSeconds, redundancy, priority, null);
    }
}
