package io.nhp.economics.domain;

import io.nhp.contracts.events.PayoutEvent;
import java.math.BigDecimal;

/** What owners' phones did and earned over some period: a sum of ledger entries, exact. */
public record PayoutAmounts(long credits, BigDecimal computeSeconds, BigDecimal grossUsd, BigDecimal electricityUsd,
                            BigDecimal netUsd, BigDecimal energyKwh, BigDecimal co2Kg) {

    public static final PayoutAmounts ZERO = new PayoutAmounts(0, BigDecimal.ZERO, Money.zero(Money.USD_SCALE),
            Money.zero(Money.USD_SCALE), Money.zero(Money.USD_SCALE), Money.zero(Money.QUANTITY_SCALE), BigDecimal.ZERO);

    /** Plus one ledger entry. */
    public PayoutAmounts plus(PayoutEvent entry) {
        return new PayoutAmounts(credits + 1, computeSeconds.add(entry.computeSeconds()), grossUsd.add(entry.grossUsd()),
                electricityUsd.add(entry.electricityUsd()), netUsd.add(entry.netUsd()),
                energyKwh.add(entry.energyKwh()), co2Kg.add(entry.co2Kg()));
    }

    public PayoutAmounts plus(PayoutAmounts other) {
        return new PayoutAmounts(credits + other.credits, computeSeconds.add(other.computeSeconds),
                grossUsd.add(other.grossUsd), electricityUsd.add(other.electricityUsd), netUsd.add(other.netUsd),
                energyKwh.add(other.energyKwh), co2Kg.add(other.co2Kg));
    }

    /** Compute hours, to the millionth. */
    public BigDecimal hours() {
        return Money.rounded(computeSeconds, Money.SECONDS_PER_HOUR, Money.QUANTITY_SCALE);
    }
}
