package io.nhp.contracts.fleet;

import io.nhp.contracts.events.DeviceStatusEvent;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BinaryOperator;
import java.util.function.UnaryOperator;

/**
 * One partner's fleet right now, in total and by region (the aggregate behind {@code GET /api/v1/fleet}), or a part
 * of it (the devices of one stream task, which {@link #plus(Fleet)} sums). A region none of whose devices is
 * registered any more is left out. {@code asOf} is the latest status time counted: it never goes back, although
 * statuses from different partitions arrive out of time order (readers drop a capacity figure older than the one
 * they hold).
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

    /** This fleet with a device's status added: {@code asOf} moves to its time if that is later. */
    public Fleet plus(DeviceStatusEvent status) {
        FleetDevice device = FleetDevice.of(status);
        return new Fleet(total.plus(device), region(regionOf(device), c -> c.plus(device)),
                later(asOf, status.eventTime()));
    }

    /** This fleet without a device's status (the one a new status replaces); {@code asOf} stays. */
    public Fleet minus(DeviceStatusEvent status) {
        return minus(FleetDevice.of(status));
    }

    /** This fleet without a device as it was last counted; {@code asOf} stays. */
    public Fleet minus(FleetDevice device) {
        return new Fleet(total.minus(device), region(regionOf(device), c -> c.minus(device)), asOf);
    }

    /**
     * This fleet and another part of it together, total and region by region, exactly; {@code asOf} is the later
     * of the two.
     */
    public Fleet plus(Fleet part) {
        return combine(part, FleetCounts::plus);
    }

    /**
     * This fleet without a part of it that was added before (a part's earlier figures, before its new ones are
     * added): {@code plus} then {@code minus} of the same part leaves the counts as they were. {@code asOf} is the
     * later of the two, so that it never goes back.
     */
    public Fleet minus(Fleet part) {
        return combine(part, FleetCounts::minus);
    }

    private Fleet combine(Fleet part, BinaryOperator<FleetCounts> operation) {
        Map<String, FleetCounts> next = new TreeMap<>(regions);
        part.regions.forEach((region, counts) -> put(next, region,
                operation.apply(next.getOrDefault(region, FleetCounts.EMPTY), counts)));
        return new Fleet(operation.apply(total, part.total), next, later(asOf, part.asOf));
    }

    private Map<String, FleetCounts> region(String region, UnaryOperator<FleetCounts> change) {
        Map<String, FleetCounts> next = new TreeMap<>(regions);
        put(next, region, change.apply(next.getOrDefault(region, FleetCounts.EMPTY)));
        return next;
    }

    /** A region's new counts; a region with no device registered any more is left out. */
    private static void put(Map<String, FleetCounts> regions, String region, FleetCounts counts) {
        if (counts.registered() == 0) {
            regions.remove(region);
        } else {
            regions.put(region, counts);
        }
    }

    private static Instant later(Instant a, Instant b) {
        return a == null || (b != null && b.isAfter(a)) ? b : a;
    }

    private static String regionOf(FleetDevice device) {
        return device.region() == null ? UNKNOWN_REGION : device.region();
    }
}
