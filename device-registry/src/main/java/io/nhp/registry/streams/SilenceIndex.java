package io.nhp.registry.streams;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Online devices in the order they will fall silent, so that finding the silent ones costs only what is found,
 * never a scan of the whole fleet. A device heard again moves to the back. Heartbeats arrive in nearly the order
 * they were received, so the order of insertion is nearly the order of deadlines; a device whose deadline is out
 * of order is found at a later check. In memory and per stream task: rebuilt from the liveness store when a task
 * starts.
 */
final class SilenceIndex {

    /** In access order: putting a device that is there moves it to the back, one lookup (it is read no other way). */
    private final LinkedHashMap<String, Long> deadlines = new LinkedHashMap<>(16, 0.75f, true);

    /** The device was heard; it falls silent at {@code deadlineMs} unless heard again. */
    void heard(String deviceId, long deadlineMs) {
        deadlines.put(deviceId, deadlineMs);
    }

    void forget(String deviceId) {
        deadlines.remove(deviceId);
    }

    /** Removes and returns the devices whose deadline has passed at {@code nowMs}. */
    List<String> due(long nowMs) {
        List<String> due = new ArrayList<>();
        Iterator<Map.Entry<String, Long>> entries = deadlines.entrySet().iterator();
        while (entries.hasNext()) {
            Map.Entry<String, Long> entry = entries.next();
            if (entry.getValue() > nowMs) {
                break;
            }
            due.add(entry.getKey());
            entries.remove();
        }
        return due;
    }

    int size() {
        return deadlines.size();
    }
}
