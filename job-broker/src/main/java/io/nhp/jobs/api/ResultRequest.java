package io.nhp.jobs.api;

import io.nhp.jobs.domain.Attempt;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;

/**
 * A device's result for its lease. A success names the hash of its output. {@code deviceSeconds} is what the device
 * says it computed: recorded beside the paid seconds for audit, never paid (those are measured by the broker).
 */
public record ResultRequest(@NotNull Status status, @Size(max = 256) String outputHash,
                            @NotNull @PositiveOrZero Double deviceSeconds) {

    /** What the device reports. */
    public enum Status { SUCCEEDED, FAILED }

    @AssertTrue(message = "a SUCCEEDED result needs its outputHash")
    boolean isOutputHashGivenOnSuccess() {
        return status != Status.SUCCEEDED || outputHash != null && !outputHash.isBlank();
    }

    Attempt.Outcome outcome() {
        return status == Status.SUCCEEDED ? Attempt.Outcome.SUCCEEDED : Attempt.Outcome.FAILED;
    }
}
