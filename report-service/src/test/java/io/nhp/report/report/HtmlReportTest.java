package io.nhp.report.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.nhp.figures.Mode;
import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class HtmlReportTest {

    private static final Pattern ARABIC = Pattern.compile("[\\u0600-\\u06FF]");

    private final ReportDocument xiaomi = new ReportDocument("xiaomi", "corrected", Instant.now(),
            Projections.of("xiaomi", Mode.CORRECTED), PartnerTexts.of(Projections.profile("xiaomi")),
            new ReportDocument.Live(null, null, null),
            Errata.between(Projections.of("xiaomi", Mode.REFERENCE), Projections.of("xiaomi", Mode.CORRECTED)));

    @Test
    void shouldHaveThe13SectionsTheLiveOneAndTheErrataWithSixCharts() {
        HtmlReport.Page page = HtmlReport.page(xiaomi, Lang.EN);

        assertThat(page.sections()).extracting(HtmlReport.Section::id).containsExactly("overview", "fleet", "security",
                "ai-services", "savings", "income", "environment", "growth", "partnership", "breakeven", "roadmap",
                "risks", "markets", "live", "errata");
        List<String> charts = page.sections().stream().flatMap(s -> s.blocks().stream())
                .map(HtmlReport.Block::svg).filter(svg -> svg != null).toList();
        assertThat(charts).hasSize(6).allSatisfy(svg -> assertThat(svg).startsWith("<svg").contains("viewBox")
                .containsPattern("<(rect class=\"bar\"|polyline)"));
        assertThat(page.lang()).isEqualTo("en");
        assertThat(page.dir()).isEqualTo("ltr");
    }

    @Test
    void shouldBeInArabicRightToLeftWithEveryHeadingTranslated() {
        HtmlReport.Page page = HtmlReport.page(xiaomi, Lang.AR);

        assertThat(page.lang()).isEqualTo("ar");
        assertThat(page.dir()).isEqualTo("rtl");
        assertThat(page.title()).isEqualTo("NHP × شاومي — تقرير تفصيلي");
        assertThat(page.sections()).allSatisfy(section -> {
            assertThat(section.heading()).containsPattern(ARABIC);
            section.blocks().stream().filter(b -> b.heading() != null)
                    .forEach(b -> assertThat(b.heading()).containsPattern(ARABIC));
            section.blocks().stream().filter(b -> b.table() != null).flatMap(b -> b.table().headers().stream())
                    .filter(h -> !h.isEmpty() && !h.equals("TOPS"))
                    .forEach(h -> assertThat(h).as(section.id()).containsPattern(ARABIC));
        });
        // and the scenario names and levels the model prints are Arabic too
        String fleet = page.sections().get(1).blocks().get(3).table().rows().get(0).get(0);
        assertThat(fleet).isEqualTo("🟢 متفائل");
    }

    @Test
    void shouldSayWhenNothingIsLiveYet() {
        HtmlReport.Page page = HtmlReport.page(xiaomi, Lang.EN);
        assertThat(page.sections().get(13).blocks().get(0).text()).contains("No device");
    }
}
