package io.nhp.contracts.events;

/**
 * A phone's thermal state as Android reports it ({@code PowerManager.THERMAL_STATUS_*}), coolest first.
 * Above {@link #LIGHT} the system throttles, so such a phone must not take work.
 */
public enum ThermalStatus {
    NONE, LIGHT, MODERATE, SEVERE, CRITICAL, EMERGENCY, SHUTDOWN
}
