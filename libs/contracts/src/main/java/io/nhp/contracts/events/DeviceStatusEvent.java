package io.nhp.contracts.events;

import static io.nhp.contracts.events.Required.field;

import java.time.Instant;
import java.util.List;

/**
 * The current liveness and eligibility of one device, emitted when either changes
 * ({@code nhp.devices.status}, compacted, key = device id). {@code ineligibleReasons} is empty when eligible.
 */
public record DeviceStatusEvent(
        String eventId,
        Instant eventTime,
        String deviceId,
        String partner,
        String region,
        Double tops,
        Boolean online,
        Boolean eligible,
        List<String> ineligibleReasons,
        Instant lastHeartbeatAt) implements Event {

    public DeviceStatusEvent {
        field(eventId, "eventId");
        field(eventTime, "eventTime");
        field(deviceId, "deviceId");
        field(partner, "partner");
        field(online, "online");
        field(eligible, "eligible");
        ineligibleReasons = ineligibleReasons == null ? List.of() : List.copyOf(ineligibleReasons);
    }
}
