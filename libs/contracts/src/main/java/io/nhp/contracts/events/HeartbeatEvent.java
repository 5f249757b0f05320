package io.nhp.contracts.events;

import static io.nhp.contracts.events.Required.field;

import java.time.Instant;

/**
 * One validated heartbeat of a phone ({@code nhp.devices.heartbeats}, key = device id). {@code eventTime} is when
 * the phone measured its state ({@code at}, or the time of receipt when the phone gave none); {@code receivedAt}
 * is when the platform heard it, which is what liveness counts. {@code cpuLoadPct} and {@code thermalStatus} are
 * optional.
 */
public record HeartbeatEvent(
        String eventId,
        Instant eventTime,
        Instant receivedAt,
        String deviceId,
        String partner,
        Boolean charging,
        Integer batteryPct,
        Double batteryTempC,
        NetworkType network,
        Boolean screenOff,
        Integer cpuLoadPct,
        ThermalStatus thermalStatus) implements Event {

    public HeartbeatEvent {
        field(eventId, "eventId");
        field(eventTime, "eventTime");
        field(receivedAt, "receivedAt");
        field(deviceId, "deviceId");
        field(partner, "partner");
        field(charging, "charging");
        field(batteryPct, "batteryPct");
        field(batteryTempC, "batteryTempC");
        field(network, "network");
        field(screenOff, "screenOff");
    }
}
