package io.nhp.agent.protocol;

/**
 * A heartbeat's eligibility inputs as device-registry reads them: charging, battery level and temperature, network
 * ({@code WIFI|ETHERNET|CELLULAR|NONE}), screen off. A phone measures them; the reference agent on a server reports
 * {@link #ELIGIBLE} (from its configuration).
 */
public record Conditions(boolean charging, int batteryPct, double batteryTempC, String network, boolean screenOff) {

    /** Plugged in, full, cool, on Wi-Fi, screen off: what device-registry counts as eligible. */
    public static final Conditions ELIGIBLE = new Conditions(true, 100, 30.0, "WIFI", true);
}
