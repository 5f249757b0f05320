package io.nhp.registry.streams;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The online devices of one stream task, in the order they will fall silent, with the exact times each was last
 * heard and last measured: the liveness store holds those times only as of its last write (at most a checkpoint
 * old, {@link DeviceProcessor}), so these are the ones that count. Finding the silent devices costs only what is
 * found, never a scan of the fleet.
 *
 * <p>Two queues. Devices heard by this task go to the back of {@code heard}: heartbeats arrive in nearly the order
 * they were received, so its order is nearly the order of deadlines (a device out of order is found at a later
 * check). Devices restored from the store when the task starts go to {@code restored}, sorted by deadline once:
 * their deadlines carry a checkpoint's grace, and behind them in one queue the devices heard since would wait for it.
 * A restored device heard again moves to {@code heard}. Written by its stream thread and read by the device view
 * ({@link RecentHeartbeats}), hence synchronized (uncontended: views are rare).
 */
final class SilenceIndex {

    /** When a device was last heard and last measured, and when it falls silent unless heard again (epoch ms). */
    record Heard(Instant lastHeardAt, Instant lastMeasuredAt, long silentAtMs) {
    }

    /** In insertion order, so that a view's lookup moves nothing. */
    private final Map<String, Heard> heard = new LinkedHashMap<>();
    /** In order of deadline. */
    private final Map<String, Heard> restored = new LinkedHashMap<>();
    /** Found due, but not told: tried first at the next check. */
    private final Map<String, Heard> retry = new LinkedHashMap<>();

    /** The device as last heard, or null if it is not online here; moves nothing. */
    synchronized Heard get(String deviceId) {
        Heard found = heard.get(deviceId);
        if (found == null && !restored.isEmpty()) {
            found = restored.get(deviceId);
        }
        return found != null || retry.isEmpty() ? found : retry.get(deviceId);
    }

    /** The device was heard: it moves to the back. */
    synchronized void heard(String deviceId, Heard times) {
        if (heard.remove(deviceId) == null) {
            if (!restored.isEmpty()) {
                restored.remove(deviceId);
            }
            if (!retry.isEmpty()) {
                retry.remove(deviceId);
            }
        }
        heard.put(deviceId, times);
    }

    /** The online devices a task starts with, as its store has them. */
    synchronized void restored(List<Map.Entry<String, Heard>> devices) {
        devices.stream().sorted(Comparator.comparingLong(device -> device.getValue().silentAtMs()))
                .forEach(device -> restored.put(device.getKey(), device.getValue()));
    }

    synchronized void forget(String deviceId) {
        heard.remove(deviceId);
        restored.remove(deviceId);
        retry.remove(deviceId);
    }

    /** Devices {@link #due} returned that could not be told silent: returned first at the next check. */
    synchronized void retry(List<Map.Entry<String, Heard>> devices) {
        devices.forEach(device -> retry.put(device.getKey(), device.getValue()));
    }

    /** Removes and returns the devices whose deadline has passed at {@code nowMs}, with their times. */
    synchronized List<Map.Entry<String, Heard>> due(long nowMs) {
        List<Map.Entry<String, Heard>> due = new ArrayList<>();
        takeDue(retry, nowMs, due);
        takeDue(heard, nowMs, due);
        takeDue(restored, nowMs, due);
        return due;
    }

    private static void takeDue(Map<String, Heard> queue, long nowMs, List<Map.Entry<String, Heard>> due) {
        Iterator<Map.Entry<String, Heard>> entries = queue.entrySet().iterator();
        while (entries.hasNext()) {
            Map.Entry<String, Heard> entry = entries.next();
            if (entry.getValue().silentAtMs() > nowMs) {
                break;
            }
            due.add(Map.entry(entry.getKey(), entry.getValue()));
            entries.remove();
        }
    }

    synchronized int size() {
        return heard.size() + restored.size() + retry.size();
    }
}
