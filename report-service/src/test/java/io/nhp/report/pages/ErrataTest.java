package io.nhp.report.pages;

import static org.assertj.core.api.Assertions.assertThat;

import io.nhp.figures.Mode;
import io.nhp.report.render.Lang;
import java.util.List;
import org.junit.jupiter.api.Test;

class ErrataTest {

    @Test
    void shouldListWhatTheCorrectedModelPrintsDifferentlyForXiaomi() {
        List<Errata.Erratum> errata = Errata.between(Projections.of("xiaomi", Mode.REFERENCE),
                Projections.of("xiaomi", Mode.CORRECTED));

        // the market the published model priced with South Korea's figures (D1)
        assertThat(errata).extracting(e -> e.line(Lang.EN)).contains(
                "User Income in Primary Markets · Southeast Asia 🟢 $0.5/hr · Region: published South Korea, corrected Southeast Asia",
                "User Income in Primary Markets · Southeast Asia 🟢 $0.5/hr · % of Avg Income: published 3.75%, corrected 20.99%",
                // the partner's own flagship share (D2) and the sign of money (D3)
                "Fleet Computing Power · 🟢 Optimistic · H100 Equiv: published 1,830,000, corrected 1,530,000",
                "Breakeven & ROI Analysis · 🟢 Optimistic · 5yr Net: published $-91.4M, corrected -$91.4M");
        // and nothing that is the same in both
        assertThat(errata).allMatch(e -> !e.published().equals(e.corrected()));
        assertThat(errata).noneMatch(e -> e.row().startsWith("China"));
    }
}
