package io.nhp.figures;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;

/**
 * How the scenario model prints a figure (MODEL.md §3, rules F1–F8). Rounding is always from the exact binary
 * value of the double, ties to even: {@code String.format} rounds the shortest decimal half-up instead and gets
 * exact ties such as 223562.5 wrong. The sign rules differ by mode (defects D3, D4, D7).
 */
public final class Figures {

    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("dd.MM.yyyy");
    private static final BigDecimal THOUSAND = BigDecimal.valueOf(1000);

    /** The units of money, smallest first: divisor, suffix, fraction digits. */
    private enum Unit {
        NONE(1.0, "", 2), K(1e3, "K", 0), M(1e6, "M", 1), B(1e9, "B", 1);

        final double divisor;
        final String suffix;
        final int decimals;

        Unit(double divisor, String suffix, int decimals) {
            this.divisor = divisor;
            this.suffix = suffix;
            this.decimals = decimals;
        }

        static Unit of(double magnitude) {
            return magnitude >= 1e9 ? B : magnitude >= 1e6 ? M : magnitude >= 1e3 ? K : NONE;
        }
    }

    private Figures() {
    }

    /**
     * F1: {@code x} with exactly {@code n} fraction digits. Reference mode prints {@code -} for any negative value
     * (and −0.0), even when it rounds to zero ({@code -0}); corrected mode prints no sign on a zero result (D7).
     */
    public static String fixed(double x, int n, Mode mode) {
        BigDecimal rounded = roundedMagnitude(x, n);
        return (negative(x, rounded, mode) ? "-" : "") + rounded.toPlainString();
    }

    /** F2: F1 with a {@code ,} between groups of three integer digits; the sign in front ({@code -146,200}). */
    public static String grouped(double x, int n, Mode mode) {
        BigDecimal rounded = roundedMagnitude(x, n);
        return (negative(x, rounded, mode) ? "-" : "") + group(rounded.toPlainString());
    }

    /** F2 for an exact count. */
    public static String grouped(long count) {
        String digits = Long.toString(Math.abs(count));
        return (count < 0 ? "-" : "") + group(digits);
    }

    /** F3 in reference mode ({@code $-91.4M}, unit chosen before rounding), F4 in corrected mode ({@code -$91.4M}). */
    public static String money(double v, Mode mode) {
        return mode == Mode.REFERENCE ? moneyReference(v) : moneyCorrected(v);
    }

    /** F5 for an integer-typed figure: plain digits, no grouping ({@code 3400}). */
    public static String raw(long value) {
        return Long.toString(value);
    }

    /**
     * F5 for a double-typed figure: the shortest decimal that reads back as the same double, with at least one
     * fraction digit ({@code 0.08}, {@code 34.0}). {@link Double#toString} does exactly this in the range the
     * model prints raw.
     */
    public static String raw(double value) {
        return Double.toString(value);
    }

    /** F6: a share as a whole percentage, multiplied in double ({@code 0.03 × 100 = 3.0000000000000004} → {@code 3%}). */
    public static String pct0(double share, Mode mode) {
        return fixed(share * 100, 0, mode) + "%";
    }

    /** F7: dollars with two decimals and no grouping ({@code $1259.29}); a negative amount is {@code -$x} in corrected mode. */
    public static String usd2(double x, Mode mode) {
        if (mode == Mode.REFERENCE) {
            return "$" + fixed(x, 2, mode);
        }
        BigDecimal rounded = roundedMagnitude(x, 2);
        return (negative(x, rounded, mode) ? "-$" : "$") + rounded.toPlainString();
    }

    /** F8: {@code DD.MM.YYYY}. */
    public static String date(LocalDate date) {
        return date.format(DATE);
    }

    private static String moneyReference(double v) {
        Unit unit = Unit.of(Math.abs(v));
        return "$" + fixed(v / unit.divisor, unit.decimals, Mode.REFERENCE) + unit.suffix;
    }

    /** The unit from the magnitude, moved up while the rounded mantissa reaches 1000 (D4), the sign before the $ (D3). */
    private static String moneyCorrected(double v) {
        double magnitude = Math.abs(v);
        Unit unit = Unit.of(magnitude);
        BigDecimal mantissa = roundedMagnitude(magnitude / unit.divisor, unit.decimals);
        while (unit != Unit.B && mantissa.compareTo(THOUSAND) >= 0) {
            unit = Unit.values()[unit.ordinal() + 1];
            mantissa = roundedMagnitude(magnitude / unit.divisor, unit.decimals);
        }
        String sign = v < 0 && mantissa.signum() != 0 ? "-" : "";
        return sign + "$" + mantissa.toPlainString() + unit.suffix;
    }

    private static BigDecimal roundedMagnitude(double x, int n) {
        if (Double.isNaN(x) || Double.isInfinite(x)) {
            throw new IllegalArgumentException("not a printable figure: " + x);
        }
        // new BigDecimal(double) is the exact binary value; BigDecimal.valueOf would start from the shortest decimal
        return new BigDecimal(Math.abs(x)).setScale(n, RoundingMode.HALF_EVEN);
    }

    private static boolean negative(double x, BigDecimal rounded, Mode mode) {
        boolean signBit = Double.doubleToRawLongBits(x) < 0;
        return mode == Mode.REFERENCE ? signBit : signBit && rounded.signum() != 0;
    }

    private static String group(String plain) {
        int point = plain.indexOf('.');
        String integer = point < 0 ? plain : plain.substring(0, point);
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < integer.length(); i++) {
            if (i > 0 && (integer.length() - i) % 3 == 0) {
                out.append(',');
            }
            out.append(integer.charAt(i));
        }
        return out + (point < 0 ? "" : plain.substring(point));
    }
}
