package io.nhp.jobs.api;

import io.nhp.contracts.Topics;
import io.nhp.contracts.events.DeviceRegisteredEvent;
import io.nhp.contracts.events.DeviceState;
import io.nhp.contracts.events.DeviceStatusEvent;
import io.nhp.contracts.events.Required;
import io.nhp.kafka.testkit.TopicWriter;
import io.smallrye.jwt.build.Jwt;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/** Devices as device-registry makes them: registrations on {@code nhp.devices.registered} and their credentials. */
final class Devices {

    static final String ISSUER = "https://nhp.io/device-registry";

    private Devices() {
    }

    /** Publishes the device's registration at credential version {@code version} (a renewal when above 1). */
    static void register(String bootstrapServers, String deviceId, String partner, String owner, int version) {
        TopicWriter.send(bootstrapServers, Topics.DEVICES_REGISTERED, deviceId, new DeviceRegisteredEvent(
                Required.newEventId(), Instant.now(), deviceId, partner, "Xiaomi 14", "India", owner, 34.0, 12,
                "india", false, null, null, "1.4.0", version));
    }

    /** Publishes the device's status as device-registry does when it becomes eligible for work. */
    static void eligible(String bootstrapServers, String deviceId, String partner, String owner, double tops) {
        TopicWriter.send(bootstrapServers, Topics.DEVICES_STATUS, deviceId, new DeviceStatusEvent("s-" + deviceId,
                Instant.now(), deviceId, partner, owner, "india", "Xiaomi 14", tops, 12, DeviceState.INELIGIBLE,
                DeviceState.ELIGIBLE, List.of(), Instant.now()));
    }

    /** A device credential as device-registry issues it, valid for an hour. */
    static String token(String deviceId, String partner, int version) {
        return Jwt.issuer(ISSUER).subject(deviceId).groups(Set.of("device")).claim("partner", partner)
                .claim("cv", version).expiresIn(Duration.ofHours(1)).sign();
    }

    /** A device credential issued {@code age} ago (older than the registration grace, it needs a registration). */
    static String tokenIssuedAgo(String deviceId, String partner, Integer version, Duration age) {
        Instant issued = Instant.now().minus(age);
        var claims = Jwt.issuer(ISSUER).subject(deviceId).groups(Set.of("device")).claim("partner", partner)
                .issuedAt(issued).expiresAt(issued.plus(age).plus(Duration.ofHours(1)));
        return (version == null ? claims : claims.claim("cv", version)).sign();
    }
}
