package io.nhp.registry.domain;

import io.nhp.contracts.events.ActiveHours;
import io.nhp.contracts.events.HeartbeatEvent;
import io.nhp.contracts.events.ThermalStatus;
import java.time.Duration;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;

/**
 * When a phone may compute (after Google's federated learning: idle, charging, unmetered network), with the
 * limits that keep its battery healthy and its owner's night undisturbed. Pure logic, no framework.
 */
public record EligibilityRules(int minBatteryPct, double maxBatteryTempC, ThermalStatus maxThermalStatus,
                               Duration cooldown) {

    /**
     * The reasons a phone in this state may not compute, in a stable order, as a new list the caller may change;
     * empty when it may. The owner's active hours are read in the device's time zone (its clock; UTC when it gave none) at the
     * time of the measurement.
     */
    public List<Reason> conditions(HeartbeatEvent heartbeat, ActiveHours activeHours, LocalClock clock) {
        List<Reason> reasons = new ArrayList<>(2);
        if (!heartbeat.charging()) {
            reasons.add(Reason.NOT_CHARGING);
        }
        if (!heartbeat.network().unmetered()) {
            reasons.add(Reason.METERED_NETWORK);
        }
        if (!heartbeat.screenOff()) {
            reasons.add(Reason.SCREEN_ON);
        }
        if (heartbeat.batteryPct() < minBatteryPct) {
            reasons.add(Reason.LOW_BATTERY);
        }
        if (heartbeat.batteryTempC() > maxBatteryTempC
                || heartbeat.thermalStatus() != null && heartbeat.thermalStatus().compareTo(maxThermalStatus) > 0) {
            reasons.add(Reason.TOO_HOT);
        }
        if (activeHours != null) {
            if (!within(activeHours, clock.nanoOfDay(heartbeat.eventTime()))) {
                reasons.add(Reason.OUTSIDE_ACTIVE_HOURS);
            }
        }
        return reasons;
    }

    /** Whether a local time falls in a window [start, end); a window may wrap midnight, start = end is all day. */
    static boolean within(ActiveHours window, LocalTime time) {
        return within(window, time.toNanoOfDay());
    }

    /** {@link #within(ActiveHours, LocalTime)} with the time as nanoseconds since midnight. */
    static boolean within(ActiveHours window, long nanoOfDay) {
        long start = window.start().toNanoOfDay();
        long end = window.end().toNanoOfDay();
        if (start == end) {
            return true;
        }
        return start < end
                ? nanoOfDay >= start && nanoOfDay < end
                : nanoOfDay >= start || nanoOfDay < end;
    }
}
