package io.nhp.registry.ingest;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.nhp.registry.config.RegistryConfig;
import io.nhp.service.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;

/**
 * At most N heartbeats per device per minute (fixed one-minute windows), so that a broken phone cannot flood the
 * pipeline. In memory, per instance: only devices heard in the last two minutes take room.
 */
@ApplicationScoped
public class RateLimiter {

    private static final long WINDOW_MS = Duration.ofMinutes(1).toMillis();

    private final int limit;
    private final Cache<String, Window> windows = Caffeine.newBuilder()
            .expireAfterAccess(Duration.ofMillis(2 * WINDOW_MS))
            .build();

    @Inject
    RateLimiter(RegistryConfig config) {
        this(config.heartbeat().maxPerDevicePerMinute());
    }

    RateLimiter(int limit) {
        this.limit = limit;
    }

    /**
     * Counts one heartbeat of the device, or refuses it with a 429 problem saying when to come back. A known
     * device's window is found without a lock on the map (a {@code compute} per heartbeat was an eighth of a batch's
     * time); the window itself counts under its own lock.
     */
    public void acquire(String deviceId, long nowMs) {
        long retryMs = windows.get(deviceId, id -> new Window()).count(nowMs, limit);
        if (retryMs > 0) {
            throw ProblemException.tooManyRequests("at most " + limit + " heartbeats a minute per device",
                    Duration.ofMillis(retryMs).plusMillis(999));
        }
    }

    private static final class Window {
        private long startMs = Long.MIN_VALUE / 2;
        private int count;

        /** Counts one heartbeat at {@code nowMs}: 0 when within the limit, else how long until the window ends. */
        synchronized long count(long nowMs, int limit) {
            if (nowMs - startMs >= WINDOW_MS) {
                startMs = nowMs;
                count = 0;
            }
            return ++count <= limit ? 0 : Math.max(1, startMs + WINDOW_MS - nowMs);
        }
    }
}
