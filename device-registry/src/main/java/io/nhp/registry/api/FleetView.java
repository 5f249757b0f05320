package io.nhp.registry.api;

import java.math.BigDecimal;
import java.time.Instant;

/** {@code GET /api/v1/fleet}: a partner's (or one of its regions') devices by state, and their compute. */
public record FleetView(String partner, String region, long registered, long online, long eligible,
                        BigDecimal eligibleTops, Instant asOf) {
}
