package io.nhp.economics.domain;

import io.nhp.contracts.events.DeviceStatusEvent;
import java.time.Instant;

/**
 * A partner's fleet right now, built from device statuses: a status is added when it arrives and the
 * device's previous status subtracted, so every device counts once. Pure arithmetic, no framework.
 */
public record FleetCounts(long knownDevices, long onlineDevices, long eligibleDevices, double eligibleTops,
                          Instant updatedAt) {

    /** TOPS of one NVIDIA H100 (MODEL.md §4.1, {@code h100_tops}). */
    public static final double H100_TOPS = 2000.0;

    public static FleetCounts empty() {
        return new FleetCounts(0, 0, 0, 0.0, null);
    }

    /** This fleet with one more device status. */
    public FleetCounts plus(DeviceStatusEvent status) {
        return combine(status, 1, status.eventTime());
    }

    /** This fleet without a device's superseded status. */
    public FleetCounts minus(DeviceStatusEvent status) {
        return combine(status, -1, updatedAt);
    }

    /** Eligible compute in H100-equivalents. */
    public double h100Equivalent() {
        return eligibleTops / H100_TOPS;
    }

    private FleetCounts combine(DeviceStatusEvent status, int sign, Instant at) {
        boolean eligible = status.eligible();
        double tops = eligible && status.tops() != null ? status.tops() : 0.0;
        return new FleetCounts(
                knownDevices + sign,
                onlineDevices + (status.online() ? sign : 0),
                eligibleDevices + (eligible ? sign : 0),
                eligibleTops + sign * tops,
                at);
    }
}
