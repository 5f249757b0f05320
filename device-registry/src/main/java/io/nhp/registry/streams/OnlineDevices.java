package io.nhp.registry.streams;

import io.nhp.contracts.events.ActiveHours;
import io.nhp.registry.domain.Liveness;
import io.nhp.registry.domain.LocalClock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;

/**
 * The online devices of one stream task, with what a heartbeat of each needs, in the order they will fall silent:
 * a heartbeat of an online device reads no store (two RocksDB reads and decodings each, a quarter of the stream
 * threads' own work) and finds silent devices costs only what is found, never a scan of the fleet.
 *
 * <p>Each device holds its liveness as last told, with the exact times it was last heard and measured (the store
 * holds them only as of its last write, at most a checkpoint old: {@link DeviceProcessor}; the rest of the stored
 * value is this one's, since any other change is written at once, unless a write failed: then the device is
 * {@code unsure} and its next write is not skipped), when the stored times were written, and its registration's
 * active hours and zone (unknown, so read from the store, for a device restored from the store or registered again).
 *
 * <p>Three queues, each in order of deadline, linked through the devices so that a device heard again moves to the
 * back with one hash lookup. Devices heard by this task go to the back of {@code heard}: heartbeats arrive in nearly
 * the order they were received, so its order is nearly the order of deadlines (a device out of order is found at a
 * later check). Devices restored from the store when the task starts go to {@code restored}, sorted by deadline
 * once: their deadlines carry a checkpoint's grace, and behind them in one queue the devices heard since would wait
 * for it. {@code retry} holds devices found due but not yet stored offline. Written by its stream thread, which alone reads a
 * {@link Device}'s fields; the device view ({@link RecentHeartbeats}) reads copies through {@link #view}. Hence
 * synchronized (uncontended: views are rare).
 */
final class OnlineDevices {

    /** When a device was last heard, and when it falls silent unless heard again: a copy, for the device view. */
    record Seen(Instant lastHeardAt, long silentAtMs) {
    }

    /** A device's active hours in its zone, as its registration has them: what the liveness rules need of it. */
    record LocalHours(ActiveHours active, LocalClock clock) {
    }

    /** One online device. Its fields are its stream thread's: read them only there. */
    static final class Device {
        final String id;
        private Liveness liveness;
        private Instant storedHeardAt;
        private LocalHours hours;
        private long silentAtMs;
        private boolean unsure;
        private Queue queue;
        private Device previous;
        private Device next;

        private Device(String id) {
            this.id = id;
        }

        /** Its liveness, with the times it was last heard and measured. */
        Liveness liveness() {
            return liveness;
        }

        /** When it was last heard as the liveness store has it. */
        Instant storedHeardAt() {
            return storedHeardAt;
        }

        /** Its active hours and zone, or null when they must be read from its registration. */
        LocalHours hours() {
            return hours;
        }

        long silentAtMs() {
            return silentAtMs;
        }

        /** Whether a write of its liveness failed since it was last written: the store may hold something else. */
        boolean unsure() {
            return unsure;
        }
    }

    private final Map<String, Device> devices = new HashMap<>();
    private final Queue heard = new Queue();
    private final Queue restored = new Queue();
    private final Queue retry = new Queue();

    /** The device, or null if it is not online here; moves nothing. For the stream thread. */
    synchronized Device get(String deviceId) {
        return devices.get(deviceId);
    }

    /**
     * When the device was last heard, or null if it is not online here (nor one kept after a failed write holding
     * what was told of it: offline). For any thread.
     */
    synchronized Seen view(String deviceId) {
        Device device = devices.get(deviceId);
        return device == null || !device.liveness.online() ? null
                : new Seen(device.liveness.lastHeardAt(), device.silentAtMs);
    }

    /**
     * The device ({@code known}, or a new one if null) was heard: it holds what it holds now and moves to the back.
     */
    synchronized void heard(Device known, String deviceId, Liveness liveness, Instant storedHeardAt, LocalHours hours,
                            long silentAtMs) {
        Device device = known;
        if (device == null) {
            device = new Device(deviceId);
            devices.put(deviceId, device);
        } else {
            device.queue.remove(device);
        }
        set(device, liveness, storedHeardAt, hours, silentAtMs);
        heard.add(device);
    }

    /** The online devices a task starts with, as its store has them (their times as stored): hours unknown. */
    synchronized void restored(List<Map.Entry<String, Liveness>> online, ToLongFunction<Liveness> silentAt) {
        List<Device> sorted = new ArrayList<>(online.size());
        for (Map.Entry<String, Liveness> entry : online) {
            Device device = new Device(entry.getKey());
            set(device, entry.getValue(), entry.getValue().lastHeardAt(), null, silentAt.applyAsLong(entry.getValue()));
            sorted.add(device);
        }
        sorted.sort(Comparator.comparingLong(Device::silentAtMs));
        for (Device device : sorted) {
            devices.put(device.id, device);
            restored.add(device);
        }
    }

    /** The device was registered again: its hours are read from the new registration at its next heartbeat. */
    synchronized void registeredAgain(String deviceId) {
        Device device = devices.get(deviceId);
        if (device != null) {
            device.hours = null;
        }
    }

    /**
     * A write of the device's liveness failed: the store may or may not hold it, so the next one is not skipped. A
     * device not online here (its store read, not this) is kept as {@code told}, due at once: the next check stores
     * that (an offline device is not told again), unless a heartbeat first is judged against it.
     */
    synchronized void unsure(String deviceId, Liveness told, LocalHours hours) {
        Device device = devices.get(deviceId);
        if (device == null) {
            device = new Device(deviceId);
            set(device, told, null, hours, 0);
            devices.put(deviceId, device);
            retry.add(device);
        }
        device.unsure = true;
    }

    /**
     * A device {@link #due} returned was told offline, and is about to be stored so: until that succeeds (then it is
     * gone) it holds what was told, should it come back through {@link #retry}.
     */
    synchronized void toldOffline(Device device) {
        device.liveness = device.liveness.offline();
        device.unsure = true;
    }

    synchronized void forget(String deviceId) {
        Device device = devices.remove(deviceId);
        if (device != null) {
            device.queue.remove(device);
        }
    }

    /** Devices {@link #due} returned that could not be told silent: returned first at the next check. */
    synchronized void retry(List<Device> notTold) {
        for (Device device : notTold) {
            devices.put(device.id, device);
            retry.add(device);
        }
    }

    /** Removes and returns the devices whose deadline has passed at {@code nowMs}. */
    synchronized List<Device> due(long nowMs) {
        List<Device> due = new ArrayList<>();
        for (Queue queue : List.of(retry, heard, restored)) {
            while (queue.first != null && queue.first.silentAtMs <= nowMs) {
                Device device = queue.first;
                queue.remove(device);
                devices.remove(device.id);
                due.add(device);
            }
        }
        return due;
    }

    synchronized int size() {
        return devices.size();
    }

    private static void set(Device device, Liveness liveness, Instant storedHeardAt, LocalHours hours,
                            long silentAtMs) {
        device.liveness = liveness;
        device.storedHeardAt = storedHeardAt;
        device.hours = hours;
        device.silentAtMs = silentAtMs;
        device.unsure = false;
    }

    /** Devices linked first to last. */
    private static final class Queue {
        private Device first;
        private Device last;

        void add(Device device) {
            device.queue = this;
            device.previous = last;
            device.next = null;
            if (last == null) {
                first = device;
            } else {
                last.next = device;
            }
            last = device;
        }

        void remove(Device device) {
            if (device.previous == null) {
                first = device.next;
            } else {
                device.previous.next = device.next;
            }
            if (device.next == null) {
                last = device.previous;
            } else {
                device.next.previous = device.previous;
            }
            device.queue = null;
            device.previous = null;
            device.next = null;
        }
    }
}
