package io.nhp.contracts.events;

import static io.nhp.contracts.events.Required.field;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;

/**
 * A device's liveness or eligibility changed ({@code nhp.devices.status}, compacted, key = device id): emitted on
 * registration (state {@code OFFLINE}, no previous state) and on every transition after, so the latest record per
 * device is the whole fleet. Partner, owner, region, model, TOPS and RAM come from the registration, so
 * consumers need no join. {@code reasons} says why a device is not {@code ELIGIBLE} (e.g. {@code OFFLINE},
 * {@code NOT_CHARGING}, {@code COOLING_DOWN}); empty when it is.
 */
public record DeviceStatusEvent(
        String eventId,
        Instant eventTime,
        String deviceId,
        String partner,
        String ownerId,
        String region,
        String model,
        Double tops,
        Integer ramGb,
        DeviceState previousState,
        DeviceState state,
        List<String> reasons,
        Instant lastHeartbeatAt) implements Event {

    public DeviceStatusEvent {
        field(eventId, "eventId");
        field(eventTime, "eventTime");
        field(deviceId, "deviceId");
        field(partner, "partner");
        field(state, "state");
        reasons = reasons == null ? List.of() : List.copyOf(reasons);
    }

    /** Heard from recently enough. */
    @JsonProperty("online")
    public boolean online() {
        return state != DeviceState.OFFLINE;
    }

    /** Online and fit to compute. */
    @JsonProperty("eligible")
    public boolean eligible() {
        return state == DeviceState.ELIGIBLE;
    }
}
