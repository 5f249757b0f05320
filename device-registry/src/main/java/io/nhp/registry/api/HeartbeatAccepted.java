package io.nhp.registry.api;

/** Answer to a heartbeat: when the server wants the next one (server-paced check-ins). */
public record HeartbeatAccepted(int nextHeartbeatSeconds) {

    /**
     * This as JSON, written by hand: one int, on every phone's every heartbeat, where the JSON body writer was a tenth
     * of the single heartbeat's event-loop time (bench/README, #22). {@code HeartbeatAcceptedTest} holds it to
     * Jackson's.
     */
    String json() {
        return "{\"nextHeartbeatSeconds\":" + nextHeartbeatSeconds + "}";
    }
}
