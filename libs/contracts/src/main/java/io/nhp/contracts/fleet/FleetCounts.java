package io.nhp.contracts.fleet;

import io.nhp.contracts.events.DeviceStatusEvent;
import java.math.BigDecimal;

/**
 * Devices of one partner (or one partner in one region) by state, with the TOPS of the eligible ones. Built by
 * adding each device's latest status and subtracting the one it replaces; TOPS summed exactly, so that adding and
 * removing a device leaves no rounding behind.
 */
public record FleetCounts(long registered, long online, long eligible, BigDecimal eligibleTops) {

    public static final FleetCounts EMPTY = new FleetCounts(0, 0, 0, BigDecimal.ZERO);

    public FleetCounts plus(DeviceStatusEvent status) {
        return combine(status, 1);
    }

    public FleetCounts minus(DeviceStatusEvent status) {
        return combine(status, -1);
    }

    private FleetCounts combine(DeviceStatusEvent status, int sign) {
        BigDecimal tops = status.eligible() && status.tops() != null
                ? BigDecimal.valueOf(status.tops()).multiply(BigDecimal.valueOf(sign))
                : BigDecimal.ZERO;
        return new FleetCounts(registered + sign, online + (status.online() ? sign : 0),
                eligible + (status.eligible() ? sign : 0), eligibleTops.add(tops));
    }
}
