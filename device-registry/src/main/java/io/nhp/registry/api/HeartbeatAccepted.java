package io.nhp.registry.api;

/** Answer to a heartbeat: when the server wants the next one (server-paced check-ins). */
public record HeartbeatAccepted(int nextHeartbeatSeconds) {
}
