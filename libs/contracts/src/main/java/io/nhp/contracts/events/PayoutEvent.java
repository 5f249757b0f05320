package io.nhp.contracts.events;

import static io.nhp.contracts.events.Required.field;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;

/**
 * One line of the owners' ledger ({@code nhp.economics.payouts}, key = device id): an {@link Kind#ENTRY} for every
 * validated job a device computed (exactly once per job and device), and a {@link Kind#STATEMENT} per device and
 * UTC day once the day has closed (a later statement for the same device-day, after a late job, supersedes it).
 * Money is USD in exact decimals rounded to the micro-dollar; an entry is the day's rounded running total after
 * the job minus the one before, so a day's entries add up to its statement exactly and the statement is
 * {@code hours × rate − electricity} to the micro-dollar. Energy is kWh to the micro-kWh; CO2 = kWh × factor.
 */
public record PayoutEvent(
        String eventId,
        Instant eventTime,
        Kind kind,
        String deviceId,
        String ownerId,
        String partner,
        String region,
        LocalDate day,
        String jobId,
        Instant completedAt,
        Long jobs,
        BigDecimal computeSeconds,
        BigDecimal hours,
        BigDecimal tokenRateUsdPerHour,
        BigDecimal electricityUsdPerKwh,
        BigDecimal grossUsd,
        BigDecimal electricityUsd,
        BigDecimal netUsd,
        BigDecimal energyKwh,
        BigDecimal co2Kg) implements Event {

    /** A job credited, or a device's day. */
    public enum Kind { ENTRY, STATEMENT }

    public PayoutEvent {
        field(eventId, "eventId");
        field(eventTime, "eventTime");
        field(kind, "kind");
        field(deviceId, "deviceId");
        field(partner, "partner");
        field(day, "day");
        field(jobs, "jobs");
        field(computeSeconds, "computeSeconds");
        field(grossUsd, "grossUsd");
        field(electricityUsd, "electricityUsd");
        field(netUsd, "netUsd");
        field(energyKwh, "energyKwh");
        field(co2Kg, "co2Kg");
        if (kind == Kind.ENTRY) {
            field(jobId, "jobId");
            field(completedAt, "completedAt");
        }
    }
}
