package io.nhp.registry.domain;

import io.nhp.contracts.events.HeartbeatEvent;
import java.util.ArrayList;
import java.util.List;

/**
 * When a phone may compute (after Google's federated learning: idle, charging, unmetered network), with the
 * battery limits that keep it healthy. Pure logic: a heartbeat in, the reasons it may not compute out.
 */
public record EligibilityRules(int minBatteryPct, double maxBatteryTempC) {

    /** Why a device may not compute; stable names, used as metric tags and in status events. */
    public enum Reason { NOT_CHARGING, METERED_NETWORK, SCREEN_ON, LOW_BATTERY, TOO_HOT }

    /** The reasons this heartbeat's device may not compute; empty when it is eligible. */
    public List<Reason> ineligibleReasons(HeartbeatEvent heartbeat) {
        List<Reason> reasons = new ArrayList<>();
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
        if (heartbeat.batteryTempC() > maxBatteryTempC) {
            reasons.add(Reason.TOO_HOT);
        }
        return reasons;
    }
}
