package io.nhp.report.pages;

import static org.assertj.core.api.Assertions.assertThat;

import io.nhp.figures.Mode;
import io.nhp.modeldata.ModelData;
import io.nhp.report.render.PartnerTexts;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class MarkdownReportTest {

    private static final Path REFERENCE = Path.of("../libs/model-data/reference/NHP_x_XIAOMI.md");

    @Test
    void shouldReproduceThePublishedXiaomiReportByteForByteInReferenceMode() throws Exception {
        String markdown = MarkdownReport.render(Projections.of("xiaomi", Mode.REFERENCE),
                PartnerTexts.of(Projections.profile("xiaomi")), "25.02.2026");

        Files.writeString(Path.of("target", "NHP_x_XIAOMI.reference.md"), markdown); // to diff when it fails
        assertThat(markdown).isEqualTo(Files.readString(REFERENCE));
    }

    @Test
    void shouldPrintTheCorrectedFiguresInCorrectedMode() {
        String markdown = MarkdownReport.render(Projections.of("xiaomi", Mode.CORRECTED),
                PartnerTexts.of(Projections.profile("xiaomi")), "23.11.2026");

        assertThat(markdown).contains("| 🟢 Optimistic | 40% | 240,000,000 | 3,060,000,000 | **1,530,000** |")
                .contains("| Southeast Asia | $0.09/kWh |")
                .contains("-$91.4M")
                .contains("*NHP × Xiaomi Corporation Deep Dive — Generated 23.11.2026*");
    }

    static java.util.stream.Stream<String> partners() {
        return ModelData.PARTNERS.stream();
    }

    @ParameterizedTest
    @MethodSource("partners")
    void shouldRenderEveryShippedPartnerWithAll13SectionsAndSixCharts(String partner) {
        String markdown = MarkdownReport.render(Projections.of(partner, Mode.CORRECTED),
                PartnerTexts.of(Projections.profile(partner)), "23.11.2026");

        for (int section = 1; section <= 13; section++) {
            assertThat(markdown).contains("\n## " + section + ". ");
        }
        assertThat(markdown.split("!\\[", -1)).hasSize(7);
        assertThat(markdown).doesNotContain("null").doesNotEndWith("\n");
    }
}
