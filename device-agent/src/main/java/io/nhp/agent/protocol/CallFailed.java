package io.nhp.agent.protocol;

import java.time.Duration;
import java.util.Optional;

/**
 * A call the platform did not answer as expected: {@code status} 0 when it could not be reached. {@link #busy()} for
 * 429, 503 and unreachable (worth retrying later, after {@link #retryAfter()} when the server said so).
 */
public final class CallFailed extends RuntimeException {

    private final int status;
    private final transient Duration retryAfter;

    public CallFailed(int status, Duration retryAfter, String message) {
        super(message);
        this.status = status;
        this.retryAfter = retryAfter;
    }

    public int status() {
        return status;
    }

    /** The server's Retry-After, if it gave one. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    /** Worth retrying after a pause: 429, 503 or no answer at all. */
    public boolean busy() {
        return status == 429 || status == 503 || status == 0;
    }
}
