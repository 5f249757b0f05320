package io.nhp.agent.protocol;

import java.util.Objects;

/**
 * A device's result for a lease: {@code outputHash} (SHA-256 hex of the output bytes) and {@code output} (Base64 of
 * little-endian float32 for embeddings) on success, neither on failure; {@code deviceSeconds} = measured compute time.
 */
public record Result(Status status, String outputHash, double deviceSeconds, String output) {

    /** What the device reports. */
    public enum Status { SUCCEEDED, FAILED }

    public Result {
        Objects.requireNonNull(status, "status");
        if (status == Status.SUCCEEDED && (outputHash == null || outputHash.isBlank())) {
            throw new IllegalArgumentException("a SUCCEEDED result needs its outputHash");
        }
        if (!(deviceSeconds >= 0) || Double.isInfinite(deviceSeconds)) {
            throw new IllegalArgumentException("deviceSeconds must be finite and >= 0: " + deviceSeconds);
        }
    }

    /** A failure: no output, no hash. */
    public static Result failed(double deviceSeconds) {
        return new Result(Status.FAILED, null, deviceSeconds, null);
    }
}
