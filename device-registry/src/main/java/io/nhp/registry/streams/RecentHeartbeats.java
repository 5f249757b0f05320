package io.nhp.registry.streams;

import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * When this instance's stream tasks last heard their online devices: the exact time, where the liveness store may
 * hold one up to a checkpoint old ({@code nhp.registry.heartbeat.liveness-checkpoint}). Read by the device view on
 * the instance that holds the device (the view is answered there, whichever instance is asked).
 */
public final class RecentHeartbeats {

    private final Set<OnlineDevices> tasks = ConcurrentHashMap.newKeySet();

    void add(OnlineDevices task) {
        tasks.add(task);
    }

    void remove(OnlineDevices task) {
        tasks.remove(task);
    }

    /** When a device was last heard, and when it falls silent unless heard again. */
    public record Heard(Instant lastHeardAt, Instant silentAt) {
    }

    /** The device as last heard, if it is online in one of this instance's tasks. */
    public Optional<Heard> heard(String deviceId) {
        for (OnlineDevices task : tasks) {
            OnlineDevices.Seen seen = task.view(deviceId);
            if (seen != null) {
                return Optional.of(new Heard(seen.lastHeardAt(), Instant.ofEpochMilli(seen.silentAtMs())));
            }
        }
        return Optional.empty();
    }
}
