package io.nhp.economics.api;

import io.nhp.economics.domain.FleetCounts;
import java.time.Instant;

/** Live capacity of a partner's fleet, as {@code GET /api/v1/capacity/{partner}} shows it. */
public record CapacityView(String partner, long onlineDevices, long eligibleDevices, double tops,
                           double h100Equivalent, Instant asOf) {

    static CapacityView of(String partner, FleetCounts counts) {
        return new CapacityView(partner, counts.onlineDevices(), counts.eligibleDevices(), counts.eligibleTops(),
                counts.h100Equivalent(), counts.updatedAt());
    }
}
