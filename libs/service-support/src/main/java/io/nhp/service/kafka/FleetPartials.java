package io.nhp.service.kafka;

import io.nhp.contracts.events.DeviceStatusEvent;
import io.nhp.contracts.fleet.Fleet;
import io.nhp.contracts.fleet.FleetDevice;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Stage 1 of {@link FleetTables#byPartner}: on one partition of {@code nhp.devices.status} (key = device id), the
 * latest status of each of its devices and, per partner, the part of the partner's fleet those devices make (this
 * task's partial). Each status subtracts the one it replaces from its partner's partial and adds itself; a tombstone
 * only subtracts. A partner's partial is forwarded, keyed {@code partner/partition}, at once when it was not forwarded
 * in the last {@link #FORWARD_EVERY}, else by the wall-clock punctuation once that time is over: a lone change is
 * seen at once, a busy partner's partial at most ten times a second per task.
 *
 * <p>Both stores are changelogged and written in the same transaction as what is forwarded (exactly once). A partial
 * held back when the task stopped is in its store but not downstream, so a task that starts (after a crash, or moved
 * to another instance) forwards every partial it holds once; downstream keeps the latest per key, so a partial
 * forwarded twice counts once. A partial whose devices all left stays in its store, empty, and is forwarded empty.
 */
final class FleetPartials implements Processor<String, DeviceStatusEvent, String, Fleet> {

    /** At most one partial per partner per task in this time. */
    static final Duration FORWARD_EVERY = Duration.ofMillis(100);

    private final String statusStoreName;
    private final String partialStoreName;

    private ProcessorContext<String, Fleet> context;
    private KeyValueStore<String, FleetDevice> devices;
    private KeyValueStore<String, Fleet> partials;
    private String suffix;
    /** Partners whose partial changed since it was last forwarded. */
    private final Set<String> pending = new LinkedHashSet<>();
    /** When each partner's partial was last forwarded (wall clock, this task's life only). */
    private final Map<String, Long> forwardedMs = new HashMap<>();
    /**
     * The latest timestamp forwarded: partials never go back in time (statuses of one partition are not in time
     * order, and a punctuation forwards at stream time), so the table of partials downstream reads them in order.
     */
    private long forwardedTimestamp = Long.MIN_VALUE;

    FleetPartials(String statusStoreName, String partialStoreName) {
        this.statusStoreName = statusStoreName;
        this.partialStoreName = partialStoreName;
    }

    /** The partner a partial's key names. */
    static String partnerOf(String partialKey) {
        return partialKey.substring(0, partialKey.lastIndexOf('/'));
    }

    @Override
    public void init(ProcessorContext<String, Fleet> context) {
        this.context = context;
        this.devices = context.getStateStore(statusStoreName);
        this.partials = context.getStateStore(partialStoreName);
        this.suffix = "/" + context.taskId().partition();
        pending.clear();
        forwardedMs.clear();
        // what was held back when the task last stopped: forwarded again once (stores are restored by now)
        try (KeyValueIterator<String, Fleet> it = partials.all()) {
            it.forEachRemaining(partial -> pending.add(partial.key));
        }
        context.schedule(FORWARD_EVERY, PunctuationType.WALL_CLOCK_TIME, this::forwardDue);
    }

    @Override
    public void process(Record<String, DeviceStatusEvent> record) {
        String deviceId = record.key();
        if (deviceId == null) {
            return;
        }
        DeviceStatusEvent status = record.value();
        FleetDevice before = devices.get(deviceId);
        if (status == null && before == null) {
            return;
        }
        // everything computed before anything is written: a failure leaves the stores as they were
        Map<String, Fleet> changed = new LinkedHashMap<>();
        if (before != null) {
            changed.put(before.partner(), partial(before.partner()).minus(before));
        }
        if (status != null) {
            Fleet base = changed.containsKey(status.partner()) ? changed.get(status.partner())
                    : partial(status.partner());
            changed.put(status.partner(), base.plus(status));
        }
        if (status == null) {
            devices.delete(deviceId);
        } else {
            devices.put(deviceId, FleetDevice.of(status));
        }
        long now = context.currentSystemTimeMs();
        for (Map.Entry<String, Fleet> partner : changed.entrySet()) {
            partials.put(partner.getKey(), partner.getValue());
            pending.add(partner.getKey());
            if (due(partner.getKey(), now)) {
                forward(partner.getKey(), partner.getValue(), record.timestamp(), now);
            }
        }
    }

    private Fleet partial(String partner) {
        Fleet partial = partials.get(partner);
        return partial == null ? Fleet.empty() : partial;
    }

    private void forwardDue(long nowMs) {
        List<String> due = new ArrayList<>();
        for (String partner : pending) {
            if (due(partner, nowMs)) {
                due.add(partner);
            }
        }
        long streamTime = context.currentStreamTimeMs();
        for (String partner : due) {
            forward(partner, partial(partner), streamTime >= 0 ? streamTime : nowMs, nowMs);
        }
    }

    private boolean due(String partner, long nowMs) {
        Long last = forwardedMs.get(partner);
        return last == null || nowMs - last >= FORWARD_EVERY.toMillis();
    }

    private void forward(String partner, Fleet partial, long timestamp, long nowMs) {
        forwardedTimestamp = Math.max(forwardedTimestamp, timestamp);
        context.forward(new Record<>(partner + suffix, partial, forwardedTimestamp));
        pending.remove(partner);
        forwardedMs.put(partner, nowMs);
    }
}
