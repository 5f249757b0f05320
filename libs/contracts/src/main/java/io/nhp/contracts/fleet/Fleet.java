package io.nhp.contracts.fleet;

import io.nhp.contracts.events.DeviceStatusEvent;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * One partner's fleet right now, in total and by region (the aggregate behind {@code GET /api/v1/fleet}).
 * {@code asOf} is the latest status time counted: it never goes back, although statuses from different partitions
 * arrive out of time order (readers drop a capacity figure older than the one they hold).
 */
public record Fleet(FleetCounts total, Map<String, FleetCounts> regions, Instant asOf) {

    /** Region under which devices are counted before their registration names one. */
    public static final String UNKNOWN_REGION = "unknown";

    public Fleet {
        regions = new TreeMap<>(regions);
    }

    public static Fleet empty() {
        return new Fleet(FleetCounts.EMPTY, Map.of(), null);
    }

    public Fleet plus(DeviceStatusEvent status) {
        Map<String, FleetCounts> next = new TreeMap<>(regions);
        next.merge(regionOf(status), FleetCounts.EMPTY.plus(status), (a, b) -> a.plus(status));
        Instant latest = asOf == null || status.eventTime().isAfter(asOf) ? status.eventTime() : asOf;
        return new Fleet(total.plus(status), next, latest);
    }

    public Fleet minus(DeviceStatusEvent status) {
        Map<String, FleetCounts> next = new TreeMap<>(regions);
        FleetCounts remaining = next.getOrDefault(regionOf(status), FleetCounts.EMPTY).minus(status);
        if (remaining.registered() == 0) {
            next.remove(regionOf(status));
        } else {
            next.put(regionOf(status), remaining);
        }
        return new Fleet(total.minus(status), next, asOf);
    }

    private static String regionOf(DeviceStatusEvent status) {
        return status.region() == null ? UNKNOWN_REGION : status.region();
    }
}
