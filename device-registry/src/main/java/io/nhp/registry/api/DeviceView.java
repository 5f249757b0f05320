package io.nhp.registry.api;

import io.nhp.contracts.events.DeviceState;
import java.time.Instant;
import java.util.List;

/** A device as {@code GET /api/v1/devices/{id}} shows it: what it is, where it stands and when it is next due. */
public record DeviceView(
        String deviceId,
        String partner,
        String model,
        Double tops,
        Integer ramGb,
        String market,
        String region,
        Boolean regionDefaulted,
        DeviceState state,
        List<String> reasons,
        Instant lastSeen,
        Instant nextHeartbeatExpectedBy,
        Instant offlineAfter) {
}
