package io.nhp.registry.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Settings of device-registry ({@code nhp.registry.*}). */
@ConfigMapping(prefix = "nhp.registry")
public interface RegistryConfig {

    /** Seconds between heartbeats that the server asks phones for. */
    @WithDefault("30")
    int heartbeatIntervalSeconds();

    /** Heartbeats a device may miss before it counts as offline (Flower's patience). */
    @WithDefault("2")
    int missedHeartbeatsBeforeOffline();

    /** Extra time allowed for network delay before a silent device is marked offline. */
    @WithDefault("PT15S")
    Duration offlineGrace();

    /** How often the liveness topology looks for silent devices. */
    @WithDefault("PT5S")
    Duration livenessCheckInterval();

    /** When a device may compute. */
    EligibilityConfig eligibility();

    /** The device credential. */
    TokenConfig token();

    /** Eligibility thresholds. */
    interface EligibilityConfig {
        /** Lowest battery charge, in percent, at which a device may compute. */
        @WithDefault("30")
        int minBatteryPct();

        /** Highest battery temperature, in °C, at which a device may compute. */
        @WithDefault("40.0")
        double maxBatteryTempC();
    }

    /** Device token settings. */
    interface TokenConfig {
        /** Issuer claim of device tokens; verifiers check it. */
        @WithDefault("https://nhp.io/device-registry")
        String issuer();

        /** How long a device token is valid. */
        @WithDefault("P365D")
        Duration lifetime();
    }

    /** Silence after which a device is offline: the missed heartbeats plus the grace. */
    default Duration offlineAfter() {
        return Duration.ofSeconds((long) heartbeatIntervalSeconds() * missedHeartbeatsBeforeOffline()).plus(offlineGrace());
    }
}
