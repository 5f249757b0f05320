package io.nhp.report.pages;

import static org.assertj.core.api.Assertions.assertThat;

import io.nhp.contracts.events.SavingsEvent.Savings;
import io.nhp.figures.Mode;
import io.nhp.report.render.Lang;
import io.nhp.report.render.PartnerTexts;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
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
    void shouldShowWhoServedTheRequestsOnlyOnceTheCloudCanariesOrDissentShowUp() {
        // given savings to date of phones' jobs only, and the same with jobs the cloud served, a canary and a cheat
        Map<String, BigDecimal> avoided = Map.of("aws_h100", new BigDecimal("12.290000"));
        Savings phonesOnly = new Savings("xiaomi", Instant.EPOCH, Instant.EPOCH, 3L, new BigDecimal("1.000000"), avoided,
                new BigDecimal("0.200000"), Map.of("aws_h100", new BigDecimal("12.090000")), null, null,
                new BigDecimal("0.003500"), new BigDecimal("0.0014"));
        Savings withCloud = new Savings("xiaomi", Instant.EPOCH, Instant.EPOCH, 3L, new BigDecimal("1.000000"), avoided,
                new BigDecimal("0.200000"), Map.of("aws_h100", new BigDecimal("12.090000")), null, null,
                new BigDecimal("0.003500"), new BigDecimal("0.0014"), 2L, new BigDecimal("0.500000"),
                Map.of("aws_h100", new BigDecimal("6.145000")), 1L, new BigDecimal("0.010000"), 4L);

        // when the live section is rendered for each
        List<HtmlReport.Block> before = live(phonesOnly, Lang.EN);
        List<HtmlReport.Block> after = live(withCloud, Lang.EN);

        // then phones alone read as before: the savings table and the payouts line
        assertThat(before).hasSize(2);
        assertThat(after.subList(0, 2)).usingRecursiveComparison().isEqualTo(before);
        // and otherwise phones vs cloud, net avoided vs cost incurred per offer, the canaries' pay and the cheats
        assertThat(after.get(2).text()).contains("Requests served by phones: 3", "by the cloud (fallback): 2",
                "dishonest results caught: 4");
        HtmlReport.Block incurred = after.get(3);
        assertThat(incurred.heading()).contains("Cloud cost incurred to date", "2 jobs", "0.500000 GPU-hours");
        assertThat(incurred.table().headers()).containsExactly("Cloud offer", "Avoided net of payouts",
                "Cloud cost incurred");
        assertThat(incurred.table().rows()).anySatisfy(row -> assertThat(row.subList(1, 3))
                .containsExactly("$12.090000", "$6.145000"));
        assertThat(after.get(4).text()).contains("Canary checks: 1", "paid by the platform: $0.010000");
        // and in Arabic the new headings are translated
        assertThat(live(withCloud, Lang.AR).get(3).table().headers()).allSatisfy(h -> assertThat(h).containsPattern(ARABIC));
    }

    private static List<HtmlReport.Block> live(Savings toDate, Lang lang) {
        ReportDocument document = new ReportDocument("xiaomi", "corrected", Instant.now(),
                Projections.of("xiaomi", Mode.CORRECTED), PartnerTexts.of(Projections.profile("xiaomi")),
                new ReportDocument.Live(null, toDate, null), List.of());
        return HtmlReport.page(document, lang).sections().stream().filter(s -> s.id().equals("live")).findFirst()
                .orElseThrow().blocks();
    }

    @Test
    void shouldSayWhenNothingIsLiveYet() {
        HtmlReport.Page page = HtmlReport.page(xiaomi, Lang.EN);
        assertThat(page.sections().get(13).blocks().get(0).text()).contains("No device");
    }
}
