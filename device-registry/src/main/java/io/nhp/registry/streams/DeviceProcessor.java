package io.nhp.registry.streams;

import io.nhp.contracts.Topics;
import io.nhp.contracts.events.DeviceRegisteredEvent;
import io.nhp.contracts.events.DeviceState;
import io.nhp.contracts.events.DeviceStatusEvent;
import io.nhp.contracts.events.Event;
import io.nhp.contracts.events.HeartbeatEvent;
import io.nhp.contracts.events.Required;
import io.nhp.registry.domain.Liveness;
import io.nhp.registry.domain.LocalClock;
import io.nhp.registry.domain.LivenessRules;
import io.nhp.registry.domain.Reason;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.Cancellable;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Keeps each device's registration and liveness, and forwards a {@link DeviceStatusEvent} whenever the device's
 * state or reasons change (and once on registration, so the status topic lists every device). A device silent
 * for {@code offlineAfter} is found by a wall-clock punctuation through the {@link OnlineDevices}. Statuses go to the
 * status sink by name, since its dead letters go to a sink of their own ({@link DeviceTopology#DEAD_LETTERS}).
 *
 * <p>Most heartbeats change nothing but when the device was heard. The liveness store (and its changelog, a Kafka
 * record each) is written when anything else changes and otherwise once the stored times are {@code checkpoint}
 * old; the exact times live in {@link OnlineDevices}, which also holds what a heartbeat of an online device needs of
 * its registration, so that such a heartbeat reads no store. A task restored from the store therefore gives each
 * device it finds online {@code checkpoint} more before finding it silent: it may have been heard that much later.
 */
final class DeviceProcessor implements Processor<String, Event, String, DeviceStatusEvent> {

    private final LivenessRules rules;
    private final Duration offlineAfter;
    private final Duration checkInterval;
    private final Duration checkpoint;
    private final RecentHeartbeats recent;
    private OnlineDevices online;
    private Cancellable silenceCheck;
    private ProcessorContext<String, DeviceStatusEvent> context;
    private KeyValueStore<String, DeviceRegisteredEvent> devices;
    private KeyValueStore<String, Liveness> liveness;

    DeviceProcessor(LivenessRules rules, Duration offlineAfter, Duration checkInterval, Duration checkpoint,
                    RecentHeartbeats recent) {
        this.rules = rules;
        this.offlineAfter = offlineAfter;
        this.checkInterval = checkInterval;
        this.checkpoint = checkpoint;
        this.recent = recent;
    }

    @Override
    public void init(ProcessorContext<String, DeviceStatusEvent> context) {
        this.context = context;
        this.devices = context.getStateStore(DeviceTopology.DEVICES_STORE);
        this.liveness = context.getStateStore(DeviceTopology.LIVENESS_STORE);
        close(); // a task revived after an error is initialised again, and starts again from its stores
        online = new OnlineDevices();
        restoreOnlineDevices();
        recent.add(online);
        silenceCheck = context.schedule(checkInterval, PunctuationType.WALL_CLOCK_TIME, this::markSilentDevicesOffline);
    }

    @Override
    public void close() {
        if (silenceCheck != null) {
            silenceCheck.cancel();
            silenceCheck = null;
        }
        if (online != null) {
            recent.remove(online);
        }
    }

    @Override
    public void process(Record<String, Event> record) {
        Event event = record.value();
        if (event == null) {
            removed(record.key(), record.timestamp()); // a registration's tombstone
        } else if (event instanceof HeartbeatEvent heartbeat) {
            heard(record.key(), heartbeat, record.timestamp());
        } else if (event instanceof DeviceRegisteredEvent registration) {
            registered(record.key(), registration, record.timestamp());
        }
    }

    private void registered(String deviceId, DeviceRegisteredEvent registration, long timestamp) {
        DeviceRegisteredEvent previous = devices.get(deviceId);
        devices.put(deviceId, registration);
        Liveness current = liveness.get(deviceId);
        if (current == null) {
            current = Liveness.unheard();
            liveness.put(deviceId, current);
        }
        OnlineDevices.Device known = online.get(deviceId);
        if (known != null) {
            current = known.liveness();
            online.registeredAgain(deviceId); // its active hours or zone may have changed
        }
        if (previous == null) {
            forward(deviceId, registration, null, current, registration.eventTime(), timestamp);
        } else if (!sameDevice(previous, registration)) {
            forward(deviceId, registration, current.state(), current, registration.eventTime(), timestamp);
        }
    }

    private void removed(String deviceId, long timestamp) {
        online.forget(deviceId); // first: if a delete fails, its next heartbeat reads the stores
        if (devices.delete(deviceId) != null) {
            liveness.delete(deviceId);
            context.forward(new Record<>(deviceId, null, timestamp), DeviceTopology.STATUS_SINK);
        }
    }

    private void heard(String deviceId, HeartbeatEvent heartbeat, long timestamp) {
        OnlineDevices.Device known = online.get(deviceId);
        OnlineDevices.LocalHours hours = known == null ? null : known.hours();
        DeviceRegisteredEvent registration = null;
        if (hours == null) {
            registration = devices.get(deviceId);
            if (registration == null) {
                DeviceTopology.DEAD_LETTERS.forward(context, Topics.DEVICES_HEARTBEATS.name(), deviceId, heartbeat,
                        "heartbeat of a device that is not registered");
                return;
            }
            hours = new OnlineDevices.LocalHours(registration.activeHours(), clockOf(registration));
        }
        // what was last told of the device; the stored liveness is the same but for its times (any other change is
        // written at once) unless a write failed, and then the next one is not skipped
        Liveness previous;
        Instant storedHeardAt;
        if (known != null) {
            previous = known.liveness();
            storedHeardAt = known.storedHeardAt();
        } else {
            previous = Objects.requireNonNullElseGet(liveness.get(deviceId), Liveness::unheard);
            storedHeardAt = previous.lastHeardAt();
        }
        Liveness next = rules.afterHeartbeat(previous, heartbeat, hours.active(), hours.clock());
        // all computed before anything is written: a heartbeat that cannot be processed (a time no millisecond
        // timestamp holds) leaves the device as it was, and goes to the dead letters through the processing handler
        long silentAt = next.lastHeardAt().plus(offlineAfter).toEpochMilli();
        try {
            if (!next.sameApartFromTimes(previous) || storedHeardAt == null || known != null && known.unsure()
                    || !next.lastHeardAt().isBefore(storedHeardAt.plus(checkpoint))) {
                liveness.put(deviceId, next);
                storedHeardAt = next.lastHeardAt();
            }
            if (previous.differsFrom(next)) {
                if (registration == null) {
                    registration = devices.get(deviceId); // online here, so registered: removal forgets it first
                }
                forward(deviceId, registration, previous.state(), next, heartbeat.eventTime(), timestamp);
            }
        } catch (RuntimeException e) {
            // the processing handler may go on: the device stays as last told, and its next heartbeat is written
            // whatever it says (this write may or may not have reached the store)
            online.unsure(deviceId, previous, hours);
            throw e;
        }
        online.heard(known, deviceId, next, storedHeardAt, hours, silentAt);
    }

    private void markSilentDevicesOffline(long nowMs) {
        Instant now = Instant.ofEpochMilli(nowMs);
        List<OnlineDevices.Device> due = online.due(nowMs);
        for (int i = 0; i < due.size(); i++) {
            try {
                markOffline(due.get(i), now);
            } catch (RuntimeException e) {
                // the processing handler goes on after a punctuation that throws: the devices not yet stored offline
                // stay here, to be told (unless they were) and stored at the next check, or judged anew if heard
                online.retry(due.subList(i, due.size()));
                throw e;
            }
        }
    }

    /**
     * Told, then stored. A device told whose write fails is remembered as told offline (and its write as unsure):
     * the next check only stores it, and a heartbeat before that is judged against what was told.
     */
    private void markOffline(OnlineDevices.Device device, Instant now) {
        Liveness current = device.liveness();
        Liveness offline = current.offline();
        if (current.online()) {
            DeviceRegisteredEvent registration = devices.get(device.id);
            if (registration == null) {
                return;
            }
            forward(device.id, registration, current.state(), offline, now, now.toEpochMilli());
            online.toldOffline(device);
        }
        liveness.put(device.id, offline);
    }

    /**
     * After a restart or rebalance: every online device of this task. Its stored times may be up to a checkpoint
     * old, so it falls silent a checkpoint later than they say unless heard meanwhile.
     */
    private void restoreOnlineDevices() {
        List<Map.Entry<String, Liveness>> found = new ArrayList<>();
        try (KeyValueIterator<String, Liveness> all = liveness.all()) {
            while (all.hasNext()) {
                KeyValue<String, Liveness> entry = all.next();
                if (entry.value.online() && entry.value.lastHeardAt() != null) {
                    found.add(Map.entry(entry.key, entry.value));
                }
            }
        }
        online.restored(found, device -> device.lastHeardAt().plus(checkpoint).plus(offlineAfter).toEpochMilli());
    }

    private void forward(String deviceId, DeviceRegisteredEvent registration, DeviceState previousState,
                         Liveness current, Instant at, long timestamp) {
        var status = new DeviceStatusEvent(Required.newEventId(), at, deviceId, registration.partner(),
                registration.ownerId(), registration.region(), registration.model(), registration.tops(), registration.ramGb(),
                previousState, current.state(), current.reasons().stream().map(Reason::name).toList(),
                current.lastHeardAt());
        context.forward(new Record<>(deviceId, status, timestamp), DeviceTopology.STATUS_SINK);
    }

    /** Whether a re-registration (e.g. a new credential) leaves everything the status carries as it was. */
    private static boolean sameDevice(DeviceRegisteredEvent a, DeviceRegisteredEvent b) {
        return a.partner().equals(b.partner()) && a.ownerId().equals(b.ownerId()) && Objects.equals(a.region(), b.region())
                && a.model().equals(b.model()) && Objects.equals(a.tops(), b.tops())
                && Objects.equals(a.ramGb(), b.ramGb());
    }

    private static LocalClock clockOf(DeviceRegisteredEvent registration) {
        return LocalClock.of(registration.timeZone()); // one per zone name, not per heartbeat
    }
}
