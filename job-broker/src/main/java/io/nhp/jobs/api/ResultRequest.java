package io.nhp.jobs.api;

import io.nhp.jobs.domain.Attempt;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import java.util.Base64;

/**
 * A device's result for its lease. A success names the hash of its output. {@code deviceSeconds} is what the device
 * says it computed: recorded beside the paid seconds for audit, never paid (those are measured by the broker).
 * {@code output} is the output itself, standard base64 (an embedding: 384 little-endian float32, whose SHA-256 hex is
 * the {@code outputHash}); a success of a task type that has one must carry it.
 */
public record ResultRequest(@NotNull Status status, @Size(max = 256) String outputHash,
                            @NotNull @PositiveOrZero Double deviceSeconds,
                            @Size(max = MAX_OUTPUT_BASE64) String output) {

    /** The longest output taken, in base64 characters (8 KiB of bytes; an embedding is 1,536). */
    public static final int MAX_OUTPUT_BASE64 = 8 * 1024 * 4 / 3;

    /** A result without an output. */
    public ResultRequest(Status status, String outputHash, Double deviceSeconds) {
        this(status, outputHash, deviceSeconds, null);
    }

    /** What the device reports. */
    public enum Status { SUCCEEDED, FAILED }

    @AssertTrue(message = "a SUCCEEDED result needs its outputHash")
    boolean isOutputHashGivenOnSuccess() {
        return status != Status.SUCCEEDED || outputHash != null && !outputHash.isBlank();
    }

    /**
     * What Bean Validation would say, checked by hand: true only if it would find nothing (a result that is not
     * plainly valid goes to the validator, which says why). The validator per request was a sixth of job-broker's
     * allocation (bench/README, #21); {@code BodiesTest} holds both to the same answer.
     */
    boolean plainlyValid() {
        return status != null && (outputHash == null || outputHash.length() <= 256)
                && deviceSeconds != null && deviceSeconds >= 0 && Double.compare(deviceSeconds, -0.0) > 0 // not -0.0
                && (output == null || output.length() <= MAX_OUTPUT_BASE64) && isOutputHashGivenOnSuccess();
    }

    /** The output's bytes; null when there is none or it is not base64. */
    byte[] outputBytes() {
        try {
            return output == null ? null : Base64.getDecoder().decode(output);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    Attempt.Outcome outcome() {
        return status == Status.SUCCEEDED ? Attempt.Outcome.SUCCEEDED : Attempt.Outcome.FAILED;
    }
}
