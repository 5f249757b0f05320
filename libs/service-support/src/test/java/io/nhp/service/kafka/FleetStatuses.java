package io.nhp.service.kafka;

import io.nhp.contracts.events.DeviceState;
import io.nhp.contracts.events.DeviceStatusEvent;
import io.nhp.contracts.fleet.Fleet;
import io.nhp.contracts.fleet.FleetCounts;
import java.time.Instant;
import java.util.AbstractMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * Random status changes of a fleet (several partners, repeated statuses, tombstones, devices changing region and
 * now and then partner) and the fleets they leave, counted device by device.
 */
final class FleetStatuses {

    static final Instant T = Instant.parse("2026-11-23T05:00:00Z");
    static final String[] PARTNERS = {"xiaomi", "samsung", "oppo/eu", "tecno"};
    private static final String[] REGIONS = {"india", "china", "europe", null};
    private static final Double[] TOPS = {null, 5.0, 12.25, 34.0, 45.5, 0.1};

    private final Random random;
    private final int devices;
    /** The latest status of each device that is registered. */
    final Map<String, DeviceStatusEvent> latest = new HashMap<>();
    /** The latest time of a status counted per partner: what its fleet's asOf is. */
    final Map<String, Instant> asOf = new HashMap<>();

    FleetStatuses(long seed, int devices) {
        this.random = new Random(seed);
        this.devices = devices;
    }

    /** The next change: a device id and its new status, null when the device is removed. */
    Map.Entry<String, DeviceStatusEvent> next() {
        String device = "d" + random.nextInt(devices);
        DeviceStatusEvent before = latest.get(device);
        int roll = random.nextInt(100);
        DeviceStatusEvent status;
        if (roll < 8) {
            status = null; // removed (or a tombstone of a device never seen)
        } else if (roll < 16 && before != null) {
            status = before; // the same status once more
        } else {
            String partner = before != null && roll >= 18 ? before.partner() : PARTNERS[random.nextInt(PARTNERS.length)];
            DeviceState state = DeviceState.values()[random.nextInt(DeviceState.values().length)];
            Instant at = T.plusMillis(random.nextInt(3_600_000));
            status = new DeviceStatusEvent("e-" + random.nextLong(), at, device, partner, "o-1",
                    REGIONS[random.nextInt(REGIONS.length)], "Xiaomi 14", TOPS[random.nextInt(TOPS.length)], 12,
                    before == null ? null : before.state(), state, List.of(), at);
        }
        if (status == null) {
            latest.remove(device);
        } else {
            latest.put(device, status);
            asOf.merge(status.partner(), status.eventTime(), (a, b) -> a.isAfter(b) ? a : b);
        }
        return new AbstractMap.SimpleEntry<>(device, status);
    }

    /** Each partner's fleet counted device by device (a partner once seen with no device left: an empty fleet). */
    Map<String, Fleet> expected() {
        Map<String, Fleet> fleets = new TreeMap<>();
        asOf.keySet().forEach(partner -> fleets.put(partner, Fleet.empty()));
        latest.values().forEach(status -> fleets.merge(status.partner(), Fleet.empty().plus(status), Fleet::plus));
        return fleets;
    }

    /** A fleet's counts by region and in total, TOPS compared by value (not scale), without its time. */
    static Map<String, List<Object>> counts(Fleet fleet) {
        Map<String, List<Object>> counts = new TreeMap<>();
        counts.put("(total)", counts(fleet.total()));
        fleet.regions().forEach((region, c) -> counts.put(region, counts(c)));
        return counts;
    }

    private static List<Object> counts(FleetCounts c) {
        return List.of(c.registered(), c.online(), c.eligible(), c.eligibleTops().stripTrailingZeros());
    }
}
