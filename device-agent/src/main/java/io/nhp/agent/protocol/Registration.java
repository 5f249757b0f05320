package io.nhp.agent.protocol;

/** What device-registry answers a registration: the device's id, its credential and the first heartbeat interval. */
public record Registration(String deviceId, String token, int heartbeatIntervalSeconds) {
}
