package io.nhp.registry.domain;

/** Why a device may not compute right now; stable names, used in status events and as metric tags. */
public enum Reason {
    OFFLINE,
    NOT_CHARGING,
    METERED_NETWORK,
    SCREEN_ON,
    LOW_BATTERY,
    TOO_HOT,
    OUTSIDE_ACTIVE_HOURS,
    COOLING_DOWN;

    /** Conditions that suspend a device and, once they end, hold it back for the cool-down (BOINC). */
    public boolean suspends() {
        return this == NOT_CHARGING || this == TOO_HOT;
    }
}
