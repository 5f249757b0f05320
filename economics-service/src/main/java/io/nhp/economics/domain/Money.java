package io.nhp.economics.domain;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Exact decimal arithmetic for money and energy. Running totals are kept exact (sums of products of the
 * decimals the events carry); a figure is rounded once, half-even, from its exact total. A single job's share of a
 * day is the day's rounded total after it minus the rounded total before it, so shares always add up to the day.
 */
public final class Money {

    /** USD to the micro-dollar. */
    public static final int USD_SCALE = 6;
    /** Hours and kWh to the millionth. */
    public static final int QUANTITY_SCALE = 6;
    public static final BigDecimal SECONDS_PER_HOUR = BigDecimal.valueOf(3600);
    /** Watt-seconds in a kilowatt-hour. */
    public static final BigDecimal WATT_SECONDS_PER_KWH = BigDecimal.valueOf(3_600_000);

    private Money() {
    }

    /** {@code exact ÷ divisor}, rounded half-even to {@code scale} places. */
    public static BigDecimal rounded(BigDecimal exact, BigDecimal divisor, int scale) {
        return exact.divide(divisor, scale, RoundingMode.HALF_EVEN);
    }

    /** What moving a running total from {@code before} to {@code after} adds to its rounded figure. */
    public static BigDecimal share(BigDecimal before, BigDecimal after, BigDecimal divisor, int scale) {
        return rounded(after, divisor, scale).subtract(rounded(before, divisor, scale));
    }

    /** A figure an event carries as a double, as the decimal it prints as (15.2 is 15.2, not 15.19999…). */
    public static BigDecimal decimal(Double value) {
        return value == null ? BigDecimal.ZERO : BigDecimal.valueOf(value);
    }

    /** Zero with the given scale, so that sums print with a fixed number of places. */
    public static BigDecimal zero(int scale) {
        return BigDecimal.ZERO.setScale(scale);
    }
}
