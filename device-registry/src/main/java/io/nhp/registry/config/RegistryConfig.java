package io.nhp.registry.config;

import io.nhp.contracts.events.ThermalStatus;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** Settings of device-registry ({@code nhp.registry.*}). */
@ConfigMapping(prefix = "nhp.registry")
public interface RegistryConfig {

    /** The heartbeat pace the server asks of phones. */
    HeartbeatConfig heartbeat();

    /** When a device may compute. */
    EligibilityConfig eligibility();

    /** The device credential. */
    TokenConfig token();

    /** What this instance remembers of registrations between store queries. */
    DirectoryConfig directory();

    /** Gateways (and the fleet simulator in load mode) that post batches for many devices, by name. */
    Map<String, GatewayConfig> gateways();

    /** Heartbeat pacing, liveness and ingest limits. */
    interface HeartbeatConfig {
        /** Seconds between heartbeats that the server asks phones for. */
        @WithDefault("60")
        int intervalSeconds();

        /** Each answer's interval is drawn within ± this fraction, so that a fleet does not beat in step. */
        @WithDefault("0.1")
        double jitter();

        /** Heartbeats a device may miss before it counts as offline (Flower's patience). */
        @WithDefault("2")
        int missedBeforeOffline();

        /** Extra time allowed for network delay before a silent device is marked offline. */
        @WithDefault("PT15S")
        Duration offlineGrace();

        /** How often the liveness topology looks for silent devices. */
        @WithDefault("PT1S")
        Duration livenessCheckInterval();

        /**
         * How old a device's stored heartbeat times may grow while nothing else about it changes: its liveness
         * store (and changelog) is written on every change of state or hysteresis and otherwise at most this
         * often; the exact times are kept in memory. After a restart a device restored online is given this much
         * longer before it is found silent.
         */
        @WithDefault("PT5M")
        Duration livenessCheckpoint();

        /** Most heartbeats one device may post per minute; more are refused with 429. */
        @WithDefault("10")
        int maxPerDevicePerMinute();

        /** How far ahead of the server's clock a heartbeat's {@code at} may be. */
        @WithDefault("PT5M")
        Duration maxClockAhead();

        /** How old a heartbeat's {@code at} may be. */
        @WithDefault("PT1H")
        Duration maxAge();

        /** Most heartbeats in one batch. */
        @WithDefault("1000")
        int maxBatch();

        /**
         * Most heartbeats sent to Kafka and not yet acknowledged; more are refused with 503 and Retry-After, so that
         * a slow Kafka never fills the producer's buffer and blocks an event loop (about 450 bytes each: 50,000
         * stay well inside the producer's 32 MiB).
         */
        @WithDefault("50000")
        int maxInFlight();

        /** Longest interval the server may ask for, including jitter. */
        default int maxIntervalSeconds() {
            return (int) Math.ceil(intervalSeconds() * (1 + jitter()));
        }

        /** Silence after which a device is offline: the missed heartbeats (at their longest) plus the grace. */
        default Duration offlineAfter() {
            return Duration.ofSeconds((long) maxIntervalSeconds() * missedBeforeOffline()).plus(offlineGrace());
        }
    }

    /** Eligibility thresholds. */
    interface EligibilityConfig {
        /** Lowest battery charge, in percent, at which a device may compute. */
        @WithDefault("20")
        int minBatteryPct();

        /** Highest battery temperature, in °C, at which a device may compute. */
        @WithDefault("40.0")
        double maxBatteryTempC();

        /** Hottest thermal status at which a device may compute. */
        @WithDefault("LIGHT")
        ThermalStatus maxThermalStatus();

        /** How long a device stays ineligible after heat or unplugging ends (BOINC's resume hysteresis). */
        @WithDefault("PT5M")
        Duration cooldown();
    }

    /** Device token settings. */
    interface TokenConfig {
        /** Issuer claim of device tokens; verifiers check it. */
        @WithDefault("https://nhp.io/device-registry")
        String issuer();

        /** How long a device token is valid. */
        @WithDefault("P365D")
        Duration lifetime();

        /**
         * A credential younger than this is honoured even before its registration is queryable here (the
         * registration is in Kafka, on its way into the device store).
         */
        @WithDefault("PT1M")
        Duration registrationGrace();
    }

    /** Device → partner, remembered for gateways' batches (a device's partner never changes). */
    interface DirectoryConfig {
        /** How many devices' partners are held (about 150 bytes each). */
        @WithDefault("200000")
        long maxPartners();

        /** How long one is held: the most a deleted registration is still known here. */
        @WithDefault("PT10M")
        Duration partnerTtl();
    }

    /** One gateway. */
    interface GatewayConfig {
        /** Its bearer token: a secret, given by the environment outside dev and test. */
        String token();

        /** The only partner whose devices it may post for; any partner when absent. */
        Optional<String> partner();
    }
}
