package io.nhp.figures;

import static io.nhp.figures.Mode.CORRECTED;
import static io.nhp.figures.Mode.REFERENCE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** One test per formatting rule of MODEL.md §3, with the examples the specification names. */
class FiguresTest {

    @ParameterizedTest(name = "F1 fixed({0}, {1}) = {2}")
    @CsvSource({
            // exact binary ties round to even
            "223562.5, 0, 223562", "73172.5, 0, 73172", "59062.5, 0, 59062", "182812.5, 0, 182812",
            "385312.5, 0, 385312", "0.5, 0, 0", "1.5, 0, 2",
            // not a tie in binary: 2.675 is 2.67499999…, so 2.67 (String.format says 2.68)
            "2.675, 2, 2.67", "8.7451, 2, 8.75", "1259.2944, 2, 1259.29", "34.0, 1, 34.0", "9.0, 1, 9.0"})
    void shouldRoundTheExactBinaryValueTiesToEven(double x, int n, String expected) {
        assertThat(Figures.fixed(x, n, REFERENCE)).isEqualTo(expected);
        assertThat(Figures.fixed(x, n, CORRECTED)).isEqualTo(expected);
    }

    @Test
    void shouldSignANegativeZeroOnlyInReferenceMode() {
        assertThat(Figures.fixed(-0.3, 0, REFERENCE)).isEqualTo("-0");
        assertThat(Figures.fixed(-0.0, 2, REFERENCE)).isEqualTo("-0.00");
        assertThat(Figures.fixed(-0.3, 0, CORRECTED)).isEqualTo("0");
        assertThat(Figures.fixed(-0.0, 2, CORRECTED)).isEqualTo("0.00");
        assertThat(Figures.fixed(-609.28, 0, CORRECTED)).isEqualTo("-609");
        assertThat(Figures.money(-0.001, REFERENCE)).isEqualTo("$-0.00");
        assertThat(Figures.money(-0.001, CORRECTED)).isEqualTo("$0.00");
    }

    @ParameterizedTest(name = "F2 grouped({0}, {1}) = {2}")
    @CsvSource(delimiter = ';', value = {
            "240000000; 0; 240,000,000", "3660000000; 0; 3,660,000,000", "8333.333333; 0; 8,333",
            "-146200; 0; -146,200", "999; 0; 999", "1000; 0; 1,000", "35614.4; 0; 35,614", "1234567.891; 2; 1,234,567.89"})
    void shouldGroupThousandsWithTheSignInFront(double x, int n, String expected) {
        assertThat(Figures.grouped(x, n, REFERENCE)).isEqualTo(expected);
    }

    @Test
    void shouldGroupCounts() {
        assertThat(Figures.grouped(300_000_000L)).isEqualTo("300,000,000");
        assertThat(Figures.grouped(-31_782L)).isEqualTo("-31,782");
        assertThat(Figures.grouped(0L)).isEqualTo("0");
    }

    @ParameterizedTest(name = "F3 money_ref({0}) = {1}")
    @CsvSource({
            "12459427.08, $12.5M", "8721598.96, $8.7M", "622971.35, $623K", "620500.0, $620K", "200000000, $200.0M",
            "2500000000, $2.5B", "999.99, $999.99", "1000, $1K", "-91392005.21, $-91.4M",
            // D4: the unit is chosen before rounding
            "999500, $1000K", "999950000, $1000.0M", "999.995, $1000.00"})
    void shouldPrintMoneyAsTheReferenceDoes(double v, String expected) {
        assertThat(Figures.money(v, REFERENCE)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "F4 money_fix({0}) = {1}")
    @CsvSource({
            "12459427.08, $12.5M", "620500.0, $620K", "2500000000, $2.5B", "999.99, $999.99",
            // D3: the sign before the $
            "-91392005.21, -$91.4M", "-1500, -$2K",
            // D4: a mantissa that rounds to 1000 moves up one unit
            "999500, $1.0M", "999950000, $1.0B", "999.995, $1K", "999499, $999K",
            // B is the largest unit
            "1234500000000, $1234.5B"})
    void shouldPrintMoneyCorrected(double v, String expected) {
        assertThat(Figures.money(v, CORRECTED)).isEqualTo(expected);
    }

    @Test
    void shouldPrintRawFiguresByTheirDataType() {
        assertThat(Figures.raw(3400L)).isEqualTo("3400");
        assertThat(Figures.raw(0.08)).isEqualTo("0.08");
        assertThat(Figures.raw(34.0)).isEqualTo("34.0");
        assertThat(Figures.raw(19.4)).isEqualTo("19.4");
        assertThat(Figures.raw(10.0)).isEqualTo("10.0");
    }

    @Test
    void shouldPrintSharesAsWholePercentages() {
        // the product is taken in double and may miss the integer (0.29 × 100 = 28.999999999999996): still 29%
        assertThat(0.29 * 100).isEqualTo(28.999999999999996);
        assertThat(Figures.pct0(0.29, REFERENCE)).isEqualTo("29%");
        assertThat(Figures.pct0(0.03, REFERENCE)).isEqualTo("3%");
        assertThat(Figures.pct0(0.4, REFERENCE)).isEqualTo("40%");
        assertThat(Figures.pct0(3.0, REFERENCE)).isEqualTo("300%");
        assertThat(Figures.pct0(0.125, REFERENCE)).isEqualTo("12%");
    }

    @Test
    void shouldPrintDollarsWithTwoDecimalsAndNoGrouping() {
        assertThat(Figures.usd2(1259.2944, REFERENCE)).isEqualTo("$1259.29");
        assertThat(Figures.usd2(104.9412, CORRECTED)).isEqualTo("$104.94");
        assertThat(Figures.usd2(-4.5, REFERENCE)).isEqualTo("$-4.50");
        assertThat(Figures.usd2(-4.5, CORRECTED)).isEqualTo("-$4.50");
        assertThat(Figures.usd2(-0.001, CORRECTED)).isEqualTo("$0.00");
    }

    @Test
    void shouldPrintDatesDayFirst() {
        assertThat(Figures.date(LocalDate.of(2026, 2, 25))).isEqualTo("25.02.2026");
    }

    @Test
    void shouldRefuseWhatIsNotAFigure() {
        assertThatThrownBy(() -> Figures.fixed(Double.NaN, 0, REFERENCE)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Figures.money(Double.POSITIVE_INFINITY, CORRECTED))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldNameModesOnTheWire() {
        assertThat(Mode.of("Corrected")).isEqualTo(CORRECTED);
        assertThat(REFERENCE.wireName()).isEqualTo("reference");
    }
}
