package io.nhp.registry.ingest;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.nhp.registry.config.RegistryConfig;
import io.nhp.service.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

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

    RateLimiter(RegistryConfig config) {
        this.limit = config.heartbeat().maxPerDevicePerMinute();
    }

    /** Counts one heartbeat of the device, or refuses it with a 429 problem saying when to come back. */
    public void acquire(String deviceId, long nowMs) {
        Window window = windows.asMap().compute(deviceId, (id, current) ->
                current == null || nowMs - current.startMs >= WINDOW_MS ? new Window(nowMs) : current);
        if (window.count.incrementAndGet() > limit) {
            long retryMs = window.startMs + WINDOW_MS - nowMs;
            throw ProblemException.tooManyRequests("at most " + limit + " heartbeats a minute per device",
                    Duration.ofMillis(retryMs).plusMillis(999));
        }
    }

    private static final class Window {
        final long startMs;
        final AtomicInteger count = new AtomicInteger();

        Window(long startMs) {
            this.startMs = startMs;
        }
    }
}
