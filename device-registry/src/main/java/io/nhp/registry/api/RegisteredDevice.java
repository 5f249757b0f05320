package io.nhp.registry.api;

/**
 * Answer to a registration: the device's id, its credential (a bearer token for every device endpoint), the
 * heartbeat interval, and the region its market resolved to ({@code regionDefaulted} when the market is unknown).
 */
public record RegisteredDevice(String deviceId, String token, int heartbeatIntervalSeconds, String region,
                               Boolean regionDefaulted) {
}
