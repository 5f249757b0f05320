package io.nhp.contracts.events;

import static io.nhp.contracts.events.Required.field;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * What one completed job earned its device's owner, net of electricity; accrued once per job
 * ({@code nhp.economics.payouts}, key = device id). Amounts are USD as exact decimals.
 */
public record PayoutEvent(
        String eventId,
        Instant eventTime,
        String jobId,
        String deviceId,
        String partner,
        String region,
        BigDecimal grossUsd,
        BigDecimal electricityUsd,
        BigDecimal netUsd,
        BigDecimal energyKwh,
        BigDecimal co2Kg) implements Event {

    public PayoutEvent {
        field(eventId, "eventId");
        field(eventTime, "eventTime");
        field(jobId, "jobId");
        field(deviceId, "deviceId");
        field(partner, "partner");
        field(grossUsd, "grossUsd");
        field(netUsd, "netUsd");
    }
}
