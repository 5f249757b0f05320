package io.nhp.registry.api;

/** Answer to a registration: the device's id, its credential and how often to post heartbeats. */
public record RegisteredDevice(String deviceId, String token, int heartbeatIntervalSeconds) {
}
