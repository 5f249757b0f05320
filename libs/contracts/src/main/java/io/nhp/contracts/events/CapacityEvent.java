package io.nhp.contracts.events;

import static io.nhp.contracts.events.Required.field;

import java.time.Instant;

/**
 * Live fleet capacity of a partner, or of one partner × region ({@code nhp.economics.capacity}, compacted,
 * key = {@code partner} or {@code partner/region}; {@code region} is null for the partner total).
 */
public record CapacityEvent(
        String eventId,
        Instant eventTime,
        String partner,
        String region,
        Long registeredDevices,
        Long onlineDevices,
        Long eligibleDevices,
        Double tops,
        Double h100Equivalent,
        Double observedUptime,
        String nearestScenario,
        Instant asOf) implements Event {

    public CapacityEvent {
        field(eventId, "eventId");
        field(eventTime, "eventTime");
        field(partner, "partner");
        field(onlineDevices, "onlineDevices");
        field(eligibleDevices, "eligibleDevices");
        field(asOf, "asOf");
    }

    /** The record key: the partner, or {@code partner/region}. */
    public static String key(String partner, String region) {
        return region == null ? partner : partner + "/" + region;
    }
}
