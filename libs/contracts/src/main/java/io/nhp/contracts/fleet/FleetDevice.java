package io.nhp.contracts.fleet;

import io.nhp.contracts.events.DeviceStatusEvent;

/**
 * What a fleet needs of a device's latest status: its partner, region (null before its registration names one),
 * whether it is online and eligible, and its TOPS. Held per device by the fleet counting (store value, see
 * {@link FleetDeviceSerde}), so that the status a new one replaces can be subtracted.
 */
public record FleetDevice(String partner, String region, boolean online, boolean eligible, Double tops) {

    public static FleetDevice of(DeviceStatusEvent status) {
        return new FleetDevice(status.partner(), status.region(), status.online(), status.eligible(), status.tops());
    }
}
