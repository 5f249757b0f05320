package io.nhp.report.render;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SvgTest {

    @Test
    void shouldPrintAxisFiguresCompactly() {
        assertThat(Svg.compact(1_830_000, "")).isEqualTo("1.83M");
        assertThat(Svg.compact(3_660_000_000.0, "")).isEqualTo("3.66B");
        assertThat(Svg.compact(-91_392_005.2, "$")).isEqualTo("-$91.4M");
        assertThat(Svg.compact(248_156, "")).isEqualTo("248.2K");
        assertThat(Svg.compact(0.289, "")).isEqualTo("0.29");
        assertThat(Svg.compact(20.99, "%")).isEqualTo("21%");
        assertThat(Svg.compact(0, "$")).isEqualTo("$0");
    }

    @Test
    void shouldDrawNegativeBarsBelowTheZeroLineAndEscapeLabels() {
        String svg = Svg.bars("ROI <5y>", List.of("A & B", "C"),
                List.of(new Svg.Series("net", "#000", List.of(-10.0, 20.0))), null, "$");
        assertThat(svg).contains("ROI &lt;5y&gt;").contains("A &amp; B").doesNotContain("A & B");
        assertThat(svg.split("class=\"bar\"", -1)).hasSize(3);
    }
}
