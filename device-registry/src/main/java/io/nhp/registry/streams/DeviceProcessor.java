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
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Keeps each device's registration and liveness, and forwards a {@link DeviceStatusEvent} whenever the device's
 * state or reasons change (and once on registration, so the status topic lists every device). A device silent
 * for {@code offlineAfter} is found by a wall-clock punctuation through the {@link SilenceIndex}. Statuses go to the
 * status sink by name, since its dead letters go to a sink of their own ({@link DeviceTopology#DEAD_LETTERS}).
 */
final class DeviceProcessor implements Processor<String, Event, String, DeviceStatusEvent> {

    private final LivenessRules rules;
    private final Duration offlineAfter;
    private final Duration checkInterval;
    private final SilenceIndex silence = new SilenceIndex();
    private ProcessorContext<String, DeviceStatusEvent> context;
    private KeyValueStore<String, DeviceRegisteredEvent> devices;
    private KeyValueStore<String, Liveness> liveness;

    DeviceProcessor(LivenessRules rules, Duration offlineAfter, Duration checkInterval) {
        this.rules = rules;
        this.offlineAfter = offlineAfter;
        this.checkInterval = checkInterval;
    }

    @Override
    public void init(ProcessorContext<String, DeviceStatusEvent> context) {
        this.context = context;
        this.devices = context.getStateStore(DeviceTopology.DEVICES_STORE);
        this.liveness = context.getStateStore(DeviceTopology.LIVENESS_STORE);
        rebuildSilenceIndex();
        context.schedule(checkInterval, PunctuationType.WALL_CLOCK_TIME, this::markSilentDevicesOffline);
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
        if (previous == null) {
            forward(deviceId, registration, null, current, registration.eventTime(), timestamp);
        } else if (!sameDevice(previous, registration)) {
            forward(deviceId, registration, current.state(), current, registration.eventTime(), timestamp);
        }
    }

    private void removed(String deviceId, long timestamp) {
        if (devices.delete(deviceId) != null) {
            liveness.delete(deviceId);
            silence.forget(deviceId);
            context.forward(new Record<>(deviceId, null, timestamp), DeviceTopology.STATUS_SINK);
        }
    }

    private void heard(String deviceId, HeartbeatEvent heartbeat, long timestamp) {
        DeviceRegisteredEvent registration = devices.get(deviceId);
        if (registration == null) {
            DeviceTopology.DEAD_LETTERS.forward(context, Topics.DEVICES_HEARTBEATS.name(), deviceId, heartbeat,
                    "heartbeat of a device that is not registered");
            return;
        }
        Liveness previous = Objects.requireNonNullElseGet(liveness.get(deviceId), Liveness::unheard);
        Liveness next = rules.afterHeartbeat(previous, heartbeat, registration.activeHours(), zoneOf(registration));
        // all computed before the store is written: a heartbeat that cannot be processed (a time no millisecond
        // timestamp holds) leaves the device as it was, and goes to the dead letters through the processing handler
        long silentAt = next.lastHeardAt().plus(offlineAfter).toEpochMilli();
        liveness.put(deviceId, next);
        silence.heard(deviceId, silentAt);
        if (previous.differsFrom(next)) {
            forward(deviceId, registration, previous.state(), next, heartbeat.eventTime(), timestamp);
        }
    }

    private void markSilentDevicesOffline(long nowMs) {
        Instant now = Instant.ofEpochMilli(nowMs);
        for (String deviceId : silence.due(nowMs)) {
            Liveness current = liveness.get(deviceId);
            DeviceRegisteredEvent registration = devices.get(deviceId);
            if (current == null || registration == null || !current.online()) {
                continue;
            }
            Instant silentAt = current.lastHeardAt().plus(offlineAfter);
            if (silentAt.isAfter(now)) {
                silence.heard(deviceId, silentAt.toEpochMilli()); // heard again meanwhile
                continue;
            }
            Liveness offline = current.offline();
            liveness.put(deviceId, offline);
            forward(deviceId, registration, current.state(), offline, now, nowMs);
        }
    }

    /** After a restart or rebalance: every online device of this task, by deadline. */
    private void rebuildSilenceIndex() {
        List<Map.Entry<String, Long>> online = new ArrayList<>();
        try (KeyValueIterator<String, Liveness> all = liveness.all()) {
            while (all.hasNext()) {
                KeyValue<String, Liveness> entry = all.next();
                if (entry.value.online() && entry.value.lastHeardAt() != null) {
                    online.add(Map.entry(entry.key, entry.value.lastHeardAt().plus(offlineAfter).toEpochMilli()));
                }
            }
        }
        online.sort(Map.Entry.comparingByValue(Comparator.naturalOrder()));
        online.forEach(entry -> silence.heard(entry.getKey(), entry.getValue()));
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

    private static ZoneId zoneOf(DeviceRegisteredEvent registration) {
        return LocalClock.zone(registration.timeZone()); // parsed once per zone name, not per heartbeat
    }
}
