package io.nhp.contracts.events;

import static io.nhp.contracts.events.Required.field;

import java.time.Instant;

/**
 * A phone joined the network ({@code nhp.devices.registered}, compacted, key = device id).
 * {@code tops}, {@code ramGb} and {@code region} come from the partner profile and the market table once
 * device-registry knows them; {@code regionDefaulted} marks a market that fell back to the default region.
 * {@code credentialVersion} counts the device's credentials: a newer record with a higher version (the device
 * rotated its token) revokes every token of a lower one.
 */
public record DeviceRegisteredEvent(
        String eventId,
        Instant eventTime,
        String deviceId,
        String partner,
        String model,
        String market,
        String ownerId,
        Double tops,
        Integer ramGb,
        String region,
        Boolean regionDefaulted,
        String timeZone,
        ActiveHours activeHours,
        String agentVersion,
        Integer credentialVersion) implements Event {

    public DeviceRegisteredEvent {
        field(eventId, "eventId");
        field(eventTime, "eventTime");
        field(deviceId, "deviceId");
        field(partner, "partner");
        field(model, "model");
        field(market, "market");
        field(ownerId, "ownerId");
    }
}
