package io.nhp.contracts.fleet;

import io.nhp.contracts.events.DeviceStatusEvent;
import java.math.BigDecimal;

/**
 * Devices of one partner (or one partner in one region) by state, with the TOPS of the eligible ones. Built by
 * adding each device's latest status and subtracting the one it replaces, and by adding and subtracting the counts
 * of parts of a fleet (see {@link Fleet#plus(Fleet)}); TOPS summed exactly, so that adding and removing a device or a
 * part leaves no rounding behind.
 */
public record FleetCounts(long registered, long online, long eligible, BigDecimal eligibleTops) {

    public static final FleetCounts EMPTY = new FleetCounts(0, 0, 0, BigDecimal.ZERO);

    public FleetCounts plus(DeviceStatusEvent status) {
        return plus(FleetDevice.of(status));
    }

    public FleetCounts minus(DeviceStatusEvent status) {
        return minus(FleetDevice.of(status));
    }

    public FleetCounts plus(FleetDevice device) {
        return combine(device, 1);
    }

    public FleetCounts minus(FleetDevice device) {
        return combine(device, -1);
    }

    /** These counts and those together: each figure summed. */
    public FleetCounts plus(FleetCounts other) {
        return new FleetCounts(registered + other.registered, online + other.online, eligible + other.eligible,
                eligibleTops.add(other.eligibleTops));
    }

    /** These counts without those: each figure subtracted. */
    public FleetCounts minus(FleetCounts other) {
        return new FleetCounts(registered - other.registered, online - other.online, eligible - other.eligible,
                eligibleTops.subtract(other.eligibleTops));
    }

    private FleetCounts combine(FleetDevice device, int sign) {
        BigDecimal tops = device.eligible() && device.tops() != null
                ? BigDecimal.valueOf(device.tops()).multiply(BigDecimal.valueOf(sign))
                : BigDecimal.ZERO;
        return new FleetCounts(registered + sign, online + (device.online() ? sign : 0),
                eligible + (device.eligible() ? sign : 0), eligibleTops.add(tops));
    }
}
