package io.nhp.registry.streams;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The online devices of one stream task, in the order they will fall silent, with the exact times each was last
 * heard and last measured: the liveness store holds those times only as of its last write (at most a checkpoint
 * old, {@link DeviceProcessor}), so these are the ones that count. Finding the silent devices costs only what is
 * found, never a scan of the fleet. A device heard again moves to the back; heartbeats arrive in nearly the order
 * they were received, so the order of insertion is nearly the order of deadlines, and a device whose deadline is out
 * of order is found at a later check. Rebuilt from the liveness store when a task starts. Written by its stream
 * thread and read by the device view ({@link RecentHeartbeats}), hence synchronized (uncontended: views are rare).
 */
final class SilenceIndex {

    /** When a device was last heard and last measured, and when it falls silent unless heard again (epoch ms). */
    record Heard(Instant lastHeardAt, Instant lastMeasuredAt, long silentAtMs) {
    }

    /** In insertion order, so that a view's lookup moves nothing. */
    private final Map<String, Heard> devices = new LinkedHashMap<>();

    /** The device as last heard, or null if it is not online here; moves nothing. */
    synchronized Heard get(String deviceId) {
        return devices.get(deviceId);
    }

    /** The device was heard: it moves to the back. */
    synchronized void heard(String deviceId, Heard heard) {
        devices.remove(deviceId);
        devices.put(deviceId, heard);
    }

    synchronized void forget(String deviceId) {
        devices.remove(deviceId);
    }

    /** Removes and returns the devices whose deadline has passed at {@code nowMs}, with their times. */
    synchronized List<Map.Entry<String, Heard>> due(long nowMs) {
        List<Map.Entry<String, Heard>> due = new ArrayList<>();
        Iterator<Map.Entry<String, Heard>> entries = devices.entrySet().iterator();
        while (entries.hasNext()) {
            Map.Entry<String, Heard> entry = entries.next();
            if (entry.getValue().silentAtMs() > nowMs) {
                break;
            }
            due.add(Map.entry(entry.getKey(), entry.getValue()));
            entries.remove();
        }
        return due;
    }

    synchronized int size() {
        return devices.size();
    }
}
