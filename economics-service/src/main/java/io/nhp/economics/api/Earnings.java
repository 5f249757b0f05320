package io.nhp.economics.api;

import io.nhp.contracts.events.PayoutEvent;
import io.nhp.economics.domain.PayoutAmounts;
import java.math.BigDecimal;

/**
 * What phones computed and earned: jobs credited (a job two of an owner's phones computed counts twice), compute
 * seconds and hours, gross token earnings, electricity (hours × 3.5 W ÷ 1,000 × the region's USD/kWh), net,
 * energy (kWh) and CO2 added (kg, kWh × 0.4). USD to the micro-dollar.
 */
public record Earnings(long jobs, BigDecimal computeSeconds, BigDecimal hours, BigDecimal grossUsd,
                       BigDecimal electricityUsd, BigDecimal netUsd, BigDecimal energyKwh, BigDecimal co2Kg) {

    static Earnings of(PayoutAmounts amounts) {
        return new Earnings(amounts.credits(), amounts.computeSeconds(), amounts.hours(), amounts.grossUsd(),
                amounts.electricityUsd(), amounts.netUsd(), amounts.energyKwh(), amounts.co2Kg());
    }

    /** A device-day's statement as amounts, so that days can be summed like entries. */
    static PayoutAmounts amounts(PayoutEvent statement) {
        return new PayoutAmounts(statement.jobs(), statement.computeSeconds(), statement.grossUsd(),
                statement.electricityUsd(), statement.netUsd(), statement.energyKwh(), statement.co2Kg());
    }
}
