package io.nhp.contracts.events;

import static io.nhp.contracts.events.Required.field;

import java.time.Instant;

/** One validated heartbeat of a phone ({@code nhp.devices.heartbeats}, key = device id). */
public record HeartbeatEvent(
        String eventId,
        Instant eventTime,
        String deviceId,
        String partner,
        Boolean charging,
        Integer batteryPct,
        Double batteryTempC,
        NetworkType network,
        Boolean screenOff) implements Event {

    public HeartbeatEvent {
        field(eventId, "eventId");
        field(eventTime, "eventTime");
        field(deviceId, "deviceId");
        field(partner, "partner");
        field(charging, "charging");
        field(batteryPct, "batteryPct");
        field(batteryTempC, "batteryTempC");
        field(network, "network");
        field(screenOff, "screenOff");
    }
}
