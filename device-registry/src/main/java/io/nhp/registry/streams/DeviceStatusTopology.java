package io.nhp.registry.streams;

import io.nhp.contracts.Topics;
import io.nhp.contracts.events.DeviceStatusEvent;
import io.nhp.contracts.events.HeartbeatEvent;
import io.nhp.contracts.events.Required;
import io.nhp.registry.domain.EligibilityRules;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * Heartbeats → per-device liveness and eligibility → {@code nhp.devices.status}, emitted only on change.
 * A device goes online with its first heartbeat and offline when it has been silent for {@code offlineAfter}
 * (checked on wall-clock time, so silence is noticed even when no other record arrives).
 */
public final class DeviceStatusTopology {

    /** Latest status of each device, with the time of its last heartbeat. */
    public static final String DEVICE_STATUS_STORE = "device-status";

    private DeviceStatusTopology() {
    }

    public static Topology build(EligibilityRules rules, Duration offlineAfter, Duration checkInterval) {
        StreamsBuilder builder = new StreamsBuilder();
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(DEVICE_STATUS_STORE),
                Serdes.String(), Topics.DEVICES_STATUS.valueSerde()));

        builder.stream(Topics.DEVICES_HEARTBEATS.name(),
                        Consumed.with(Topics.DEVICES_HEARTBEATS.keySerde(), Topics.DEVICES_HEARTBEATS.valueSerde()))
                // heartbeat → status change (or nothing), plus offline transitions found by the punctuator
                .process(() -> new StatusProcessor(rules, offlineAfter, checkInterval), DEVICE_STATUS_STORE)
                .to(Topics.DEVICES_STATUS.name(),
                        Produced.with(Topics.DEVICES_STATUS.keySerde(), Topics.DEVICES_STATUS.valueSerde()));
        return builder.build();
    }

    /** Keeps each device's status and forwards it whenever liveness or eligibility changes. */
    static final class StatusProcessor implements Processor<String, HeartbeatEvent, String, DeviceStatusEvent> {
        private final EligibilityRules rules;
        private final Duration offlineAfter;
        private final Duration checkInterval;
        private ProcessorContext<String, DeviceStatusEvent> context;
        private KeyValueStore<String, DeviceStatusEvent> store;

        StatusProcessor(EligibilityRules rules, Duration offlineAfter, Duration checkInterval) {
            this.rules = rules;
            this.offlineAfter = offlineAfter;
            this.checkInterval = checkInterval;
        }

        @Override
        public void init(ProcessorContext<String, DeviceStatusEvent> context) {
            this.context = context;
            this.store = context.getStateStore(DEVICE_STATUS_STORE);
            context.schedule(checkInterval, PunctuationType.WALL_CLOCK_TIME, this::markSilentDevicesOffline);
        }

        @Override
        public void process(Record<String, HeartbeatEvent> record) {
            HeartbeatEvent heartbeat = record.value();
            if (heartbeat == null) {
                return;
            }
            DeviceStatusEvent previous = store.get(record.key());
            if (previous != null && previous.lastHeartbeatAt() != null
                    && heartbeat.eventTime().isBefore(previous.lastHeartbeatAt())) {
                return; // an older heartbeat arriving late says nothing about now
            }
            List<String> reasons = rules.ineligibleReasons(heartbeat).stream().map(Enum::name).toList();
            DeviceStatusEvent next = new DeviceStatusEvent(Required.newEventId(), heartbeat.eventTime(),
                    record.key(), heartbeat.partner(),
                    previous == null ? null : previous.region(), previous == null ? null : previous.tops(),
                    true, reasons.isEmpty(), reasons, heartbeat.eventTime());
            store.put(record.key(), next);
            if (changed(previous, next)) {
                context.forward(new Record<>(record.key(), next, record.timestamp()));
            }
        }

        private void markSilentDevicesOffline(long now) {
            Instant silentSince = Instant.ofEpochMilli(now).minus(offlineAfter);
            try (KeyValueIterator<String, DeviceStatusEvent> all = store.all()) {
                while (all.hasNext()) {
                    KeyValue<String, DeviceStatusEvent> entry = all.next();
                    DeviceStatusEvent status = entry.value;
                    if (status.online() && status.lastHeartbeatAt().isBefore(silentSince)) {
                        DeviceStatusEvent offline = new DeviceStatusEvent(Required.newEventId(),
                                Instant.ofEpochMilli(now), status.deviceId(), status.partner(), status.region(),
                                status.tops(), false, false, List.of("OFFLINE"), status.lastHeartbeatAt());
                        store.put(entry.key, offline);
                        context.forward(new Record<>(entry.key, offline, now));
                    }
                }
            }
        }

        private static boolean changed(DeviceStatusEvent previous, DeviceStatusEvent next) {
            return previous == null
                    || !previous.online().equals(next.online())
                    || !previous.eligible().equals(next.eligible())
                    || !Objects.equals(previous.ineligibleReasons(), next.ineligibleReasons());
        }
    }
}
