package io.nhp.economics.domain;

import io.nhp.contracts.events.PayoutEvent;
import io.nhp.contracts.events.PayoutEvent.Kind;
import io.nhp.contracts.events.Required;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * A device's UTC day in the owners' ledger, kept exact: compute seconds, and the sums of seconds × token rate,
 * seconds × watts and seconds × watts × electricity price over the jobs credited (each at the prices in force
 * when it completed). Gross, electricity and energy are those sums rounded once; CO2 is the sum of each entry's
 * kWh × the grid factor of its time.
 */
public record DeviceDay(String deviceId, String ownerId, String partner, String region, LocalDate day, long jobs,
                        BigDecimal computeSeconds, BigDecimal tokenUsdSeconds, BigDecimal wattSeconds,
                        BigDecimal electricityUsdWattSecondsPerKwh, BigDecimal co2Kg,
                        BigDecimal tokenRateUsdPerHour, BigDecimal electricityUsdPerKwh, boolean mixedRates) {

    /** A day with nothing credited yet. */
    public static DeviceDay start(DeviceCredit credit) {
        return new DeviceDay(credit.deviceId(), credit.ownerId(), credit.partner(), credit.region(),
                dayOf(credit.completedAt()), 0, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO,
                BigDecimal.ZERO, credit.tokenRateUsdPerHour(), credit.electricityUsdPerKwh(), false);
    }

    public static LocalDate dayOf(Instant at) {
        return at.atZone(ZoneOffset.UTC).toLocalDate();
    }

    /** The day after crediting one job, and the ledger entry that says what the job added. */
    public Credited credit(DeviceCredit credit, Instant now) {
        BigDecimal seconds = credit.computeSeconds();
        BigDecimal wattSecondsOfJob = seconds.multiply(credit.deviceWatts());
        DeviceDay next = new DeviceDay(deviceId, credit.ownerId(), partner, credit.region(), day, jobs + 1,
                computeSeconds.add(seconds),
                tokenUsdSeconds.add(seconds.multiply(credit.tokenRateUsdPerHour())),
                wattSeconds.add(wattSecondsOfJob),
                electricityUsdWattSecondsPerKwh.add(wattSecondsOfJob.multiply(credit.electricityUsdPerKwh())),
                co2Kg, tokenRateUsdPerHour, electricityUsdPerKwh,
                mixedRates || tokenRateUsdPerHour.compareTo(credit.tokenRateUsdPerHour()) != 0
                        || electricityUsdPerKwh.compareTo(credit.electricityUsdPerKwh()) != 0);
        BigDecimal gross = next.grossUsd().subtract(grossUsd());
        BigDecimal electricity = next.electricityUsd().subtract(electricityUsd());
        BigDecimal kwh = next.energyKwh().subtract(energyKwh());
        BigDecimal co2 = kwh.multiply(credit.co2KgPerKwh());
        next = next.withCo2(co2Kg.add(co2));
        PayoutEvent entry = new PayoutEvent(Required.newEventId(), now, Kind.ENTRY, deviceId, credit.ownerId(),
                credit.partner(),
                credit.region(), day, credit.jobId(), credit.completedAt(), 1L, seconds,
                Money.rounded(seconds, Money.SECONDS_PER_HOUR, Money.QUANTITY_SCALE), credit.tokenRateUsdPerHour(),
                credit.electricityUsdPerKwh(), gross, electricity, gross.subtract(electricity), kwh, co2);
        return new Credited(next, entry);
    }

    /** The day's statement: totals, and the rates when one rate applied all day. */
    public PayoutEvent statement(Instant now) {
        return new PayoutEvent(Required.newEventId(), now, Kind.STATEMENT, deviceId, ownerId, partner, region, day,
                null, null, jobs, computeSeconds, Money.rounded(computeSeconds, Money.SECONDS_PER_HOUR,
                Money.QUANTITY_SCALE), mixedRates ? null : tokenRateUsdPerHour, mixedRates ? null : electricityUsdPerKwh,
                grossUsd(), electricityUsd(), grossUsd().subtract(electricityUsd()), energyKwh(), co2Kg);
    }

    /** Gross token earnings: Σ seconds × rate ÷ 3600, to the micro-dollar. */
    public BigDecimal grossUsd() {
        return Money.rounded(tokenUsdSeconds, Money.SECONDS_PER_HOUR, Money.USD_SCALE);
    }

    /** Electricity: Σ seconds × watts × USD/kWh ÷ 3,600,000, to the micro-dollar. */
    public BigDecimal electricityUsd() {
        return Money.rounded(electricityUsdWattSecondsPerKwh, Money.WATT_SECONDS_PER_KWH, Money.USD_SCALE);
    }

    /** Energy: Σ seconds × watts ÷ 3,600,000. */
    public BigDecimal energyKwh() {
        return Money.rounded(wattSeconds, Money.WATT_SECONDS_PER_KWH, Money.QUANTITY_SCALE);
    }

    private DeviceDay withCo2(BigDecimal co2) {
        return new DeviceDay(deviceId, ownerId, partner, region, day, jobs, computeSeconds, tokenUsdSeconds,
                wattSeconds, electricityUsdWattSecondsPerKwh, co2, tokenRateUsdPerHour, electricityUsdPerKwh, mixedRates);
    }

    /** A day after a credit, and the entry recording it. */
    public record Credited(DeviceDay day, PayoutEvent entry) {
    }
}
