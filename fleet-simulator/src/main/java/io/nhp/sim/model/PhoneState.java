package io.nhp.sim.model;

/** What a phone reports in a heartbeat (device-registry's heartbeat fields). */
public record PhoneState(boolean charging, int batteryPct, double batteryTempC, Network network, boolean screenOff,
                         int cpuLoadPct, Thermal thermalStatus) {

    public enum Network { WIFI, CELLULAR }

    public enum Thermal { NONE, LIGHT, MODERATE }

    /** device-registry's default rules (nhp.registry.eligibility.*), without the cool-down after heat or unplug. */
    public boolean looksEligible() {
        return charging && batteryPct >= 20 && batteryTempC <= 40.0 && thermalStatus != Thermal.MODERATE
                && network == Network.WIFI && screenOff;
    }
}
