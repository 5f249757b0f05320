package io.nhp.contracts.events;

import static io.nhp.contracts.events.Required.field;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;

/**
 * A partner's avoided cloud cost and owner payouts over one window ({@code nhp.economics.savings},
 * key = partner). Amounts are USD as exact decimals; the maps are keyed by cloud offer id.
 */
public record SavingsWindowEvent(
        String eventId,
        Instant eventTime,
        String partner,
        Instant windowStart,
        Instant windowEnd,
        Long jobs,
        BigDecimal gpuHours,
        Map<String, BigDecimal> avoidedCostUsd,
        BigDecimal payoutsUsd,
        Map<String, BigDecimal> netSavingsUsd) implements Event {

    public SavingsWindowEvent {
        field(eventId, "eventId");
        field(eventTime, "eventTime");
        field(partner, "partner");
        field(windowStart, "windowStart");
        field(windowEnd, "windowEnd");
        field(jobs, "jobs");
        avoidedCostUsd = avoidedCostUsd == null ? Map.of() : Map.copyOf(avoidedCostUsd);
        netSavingsUsd = netSavingsUsd == null ? Map.of() : Map.copyOf(netSavingsUsd);
    }
}
