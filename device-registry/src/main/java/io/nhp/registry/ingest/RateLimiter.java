package io.nhp.registry.ingest;

import io.nhp.registry.config.RegistryConfig;
import io.nhp.service.ProblemException;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;

/**
 * At most N heartbeats per device per minute (fixed one-minute windows), so that a broken phone cannot flood the
 * pipeline. In memory, per instance: only devices heard in the last minute or two take room.
 */
@ApplicationScoped
public class RateLimiter {

    private static final long WINDOW_MS = Duration.ofMinutes(1).toMillis();
    /** {@link Window#count}'s answer for a window swept away meanwhile: count in a new one. */
    private static final long SWEPT = -1;

    private final int limit;
    /**
     * The devices' current windows. A plain map read without a lock or a write (a cache's access bookkeeping, with
     * the maintenance it hands to the common pool, was a third of the limiter's profile); a window is swept out once
     * it has been over for a minute: by then the device's next heartbeat would have started a fresh one anyway.
     */
    private final ConcurrentHashMap<String, Window> windows = new ConcurrentHashMap<>();

    @Inject
    RateLimiter(RegistryConfig config) {
        this(config.heartbeat().maxPerDevicePerMinute());
    }

    RateLimiter(int limit) {
        this.limit = limit;
    }

    /** Counts one heartbeat of the device, or refuses it with a 429 problem saying when to come back. */
    public void acquire(String deviceId, long nowMs) {
        long retryMs;
        do {
            Window window = windows.get(deviceId);
            if (window == null) {
                window = windows.computeIfAbsent(deviceId, id -> new Window());
            }
            retryMs = window.count(nowMs, limit);
            if (retryMs == SWEPT) {
                windows.remove(deviceId, window); // if the sweep has not yet
            }
        } while (retryMs == SWEPT);
        if (retryMs > 0) {
            throw ProblemException.tooManyRequests("at most " + limit + " heartbeats a minute per device",
                    Duration.ofMillis(retryMs).plusMillis(999));
        }
    }

    @Scheduled(every = "60s", delayed = "60s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void sweep() {
        sweep(System.currentTimeMillis());
    }

    /** Forgets the windows that ended a minute or more before {@code nowMs}. */
    void sweep(long nowMs) {
        windows.values().removeIf(window -> window.retireIfEnded(nowMs));
    }

    /** How many devices' windows are held. */
    int windows() {
        return windows.size();
    }

    private static final class Window {
        private long startMs = Long.MIN_VALUE / 2;
        private int count;
        private boolean retired;

        /**
         * Counts one heartbeat at {@code nowMs}: 0 when within the limit, else how long until the window ends;
         * {@link #SWEPT} when the sweep took this window out of the map (the caller counts in the map's new one).
         */
        synchronized long count(long nowMs, int limit) {
            if (retired) {
                return SWEPT;
            }
            if (nowMs - startMs >= WINDOW_MS) {
                startMs = nowMs;
                count = 0;
            }
            return ++count <= limit ? 0 : Math.max(1, startMs + WINDOW_MS - nowMs);
        }

        /** Whether the window had ended a minute before {@code nowMs}; if so, it counts nothing more. */
        synchronized boolean retireIfEnded(long nowMs) {
            retired |= nowMs - startMs >= 2 * WINDOW_MS;
            return retired;
        }
    }
}
