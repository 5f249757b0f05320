package io.nhp.report.pages;

import io.nhp.contracts.events.CapacityEvent;
import io.nhp.contracts.events.SavingsEvent.Savings;
import io.nhp.contracts.projection.Projection;
import io.nhp.contracts.projection.Projection.CloudOfferSavings;
import io.nhp.report.render.Arabic;
import io.nhp.report.render.Bilingual;
import io.nhp.report.render.Lang;
import io.nhp.report.render.ReportTexts;
import io.nhp.report.render.Svg;
import io.nhp.report.render.Svg.Series;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * A report as the HTML page shows it, in one language: the 13 sections of the published deep dive (headings, tables,
 * prose) with its six charts as inline SVG, then the live figures and, in corrected mode, the errata. The template
 * ({@code templates/report.html}) only lays this out.
 */
public final class HtmlReport {

    /** The scenario colours, in the model's variant order (constants.yaml {@code color}). */
    static final List<String> VARIANT_COLORS = List.of("#2ECC71", "#3498DB", "#E67E22", "#E74C3C");

    public record Page(String lang, String dir, String partner, String title, String subtitle, String mode,
                       String otherLang, String otherLangLabel, List<Section> sections) {
    }

    public record Section(String id, String heading, List<Block> blocks) {
    }

    /** One piece of a section: a table, a list, a line of text or a chart (exactly one is set). */
    public record Block(String heading, Table table, List<String> items, String text, String svg) {

        static Block table(String heading, Table table) {
            return new Block(heading, table, null, null, null);
        }

        static Block list(String heading, List<String> items) {
            return new Block(heading, null, items, null, null);
        }

        static Block text(String text) {
            return new Block(null, null, null, text, null);
        }

        static Block chart(String svg) {
            return new Block(null, null, null, null, svg);
        }
    }

    /** A table; {@code strong} is the index of the column the published report prints in bold (-1: none). */
    public record Table(List<String> headers, List<List<String>> rows, int strong) {
    }

    private final ReportDocument report;
    private final Projection p;
    private final Lang lang;

    private HtmlReport(ReportDocument report, Lang lang) {
        this.report = report;
        this.p = report.projection();
        this.lang = lang;
    }

    public static Page page(ReportDocument report, Lang lang) {
        return new HtmlReport(report, lang).build();
    }

    private Page build() {
        List<Section> sections = new ArrayList<>();
        sections.add(overview());
        sections.add(fleet());
        sections.add(security());
        sections.add(aiServices());
        sections.add(savings());
        sections.add(income());
        sections.add(environment());
        sections.add(growth());
        sections.add(partnership());
        sections.add(breakeven());
        sections.add(roadmap());
        sections.add(risks());
        sections.add(markets());
        sections.add(live());
        if (!report.errata().isEmpty()) {
            sections.add(new Section("errata", ReportTexts.ERRATA.in(lang),
                    List.of(Block.list(null, report.errata().stream().map(e -> e.line(lang)).toList()))));
        }
        String name = lang == Lang.AR ? report.texts().nameAr() : p.name();
        return new Page(lang.code(), lang.dir(), report.partner(), "NHP × " + name + " — " + ReportTexts.TITLE.in(lang),
                (lang == Lang.AR ? "المحاكاة 2.0 · النموذج " : "Simulation v2.0 · ")
                        + (report.mode().equals(Reports.REFERENCE) ? t("published model", "النموذج المنشور")
                        : t("corrected model", "النموذج المصحَّح")),
                report.mode(), lang == Lang.AR ? "en" : "ar", lang == Lang.AR ? "English" : "العربية", sections);
    }

    private Section overview() {
        return section(1, "overview", ReportTexts.OVERVIEW, Block.table(null, labelled(p.overview(), "Field", "Value")));
    }

    private Section fleet() {
        List<Block> blocks = new ArrayList<>();
        List<String> deviceHeaders = List.of("Model", "Year", "GPU", "TOPS", "RAM", "Units (M)");
        blocks.add(Block.table(ReportTexts.FLAGSHIP.in(lang), table(deviceHeaders, p.fleet().flagshipDevices(), -1)));
        blocks.add(Block.table(ReportTexts.MIDRANGE.in(lang), table(deviceHeaders, p.fleet().midrangeDevices(), -1)));
        blocks.add(Block.table(ReportTexts.FLEET_POWER.in(lang), labelled(p.fleet().metrics(), "Metric", "Value")));
        blocks.add(Block.table(null, table(List.of("Variant", "Uptime", "Active Devices", "Fleet TOPS", "H100 Equiv"),
                p.fleet().variants().stream().map(Projection.FleetRow::cells).toList(), 4)));
        blocks.add(Block.chart(Svg.bars(chartTitle(0), variantLabels(),
                List.of(new Series(Arabic.in(lang, "H100 Equiv"), VARIANT_COLORS.get(0),
                        p.fleet().variants().stream().map(Projection.FleetRow::h100Equivalents).toList())),
                VARIANT_COLORS, "")));
        return section(2, "fleet", ReportTexts.FLEET, blocks);
    }

    private Section security() {
        return section(3, "security", ReportTexts.SECURITY,
                Block.table(null, labelled(p.security().rows(), "Property", "Detail")),
                Block.text(t("TEE Readiness", "جاهزية TEE") + ": " + Arabic.in(lang, p.security().teeReadiness()) + " · "
                        + t("API Access", "الوصول إلى API") + ": " + Arabic.in(lang, p.security().apiAccess())));
    }

    private Section aiServices() {
        List<Block> blocks = new ArrayList<>();
        for (Projection.AiServiceLine service : p.aiServices()) {
            List<String> items = new ArrayList<>();
            Bilingual description = report.texts().serviceDescriptions().get(service.name());
            if (description != null) {
                items.add(description.in(lang));
            }
            items.add(t("Daily requests", "الطلبات اليومية") + ": " + service.dailyRequestsCell());
            items.add(t("Current cloud", "السحابة الحالية") + ": " + service.currentCloud());
            items.add(t("Est. annual cloud cost", "تكلفة السحابة السنوية المقدرة") + ": " + service.estAnnualCloudCostCell());
            blocks.add(Block.list((lang == Lang.AR ? "خدمة " : "") + service.name(), items));
        }
        report.texts().aiStrategy().ifPresent(text -> blocks.add(Block.list(ReportTexts.AI_STRATEGY.in(lang),
                List.of(text.in(lang)))));
        return section(4, "ai-services", ReportTexts.AI_SERVICES, blocks);
    }

    private Section savings() {
        List<Block> blocks = new ArrayList<>();
        blocks.add(Block.text(t("Total daily AI requests", "إجمالي طلبات AI اليومية") + ": "
                + p.cloudSavings().totalDailyRequestsCell() + " · " + t("Total daily GPU hours needed",
                "ساعات GPU اليومية المطلوبة") + ": " + p.cloudSavings().gpuHoursPerDayCell()));
        for (CloudOfferSavings offer : p.cloudSavings().offers()) {
            blocks.add(Block.text(t("vs ", "مقابل ") + offer.name() + " (" + offer.gpuModel() + ") — "
                    + t("Annual cloud cost (100%)", "تكلفة السحابة السنوية (100%)") + ": " + offer.annualCostCell()));
            blocks.add(Block.table(null, table(List.of("Variant", "Coverage", "Annual Savings", "Savings %"),
                    offer.variants().stream().map(Projection.SavingsRow::cells).toList(), 2)));
        }
        List<Series> series = new ArrayList<>();
        for (int v = 0; v < p.fleet().variants().size(); v++) {
            int variant = v;
            series.add(new Series(variantLabels().get(v), VARIANT_COLORS.get(v % VARIANT_COLORS.size()),
                    p.cloudSavings().offers().stream().map(o -> o.variants().get(variant).annualSavingsUsd()).toList()));
        }
        blocks.add(Block.chart(Svg.bars(chartTitle(1), p.cloudSavings().offers().stream()
                .map(o -> o.name() + " " + o.gpuModel().split(" ")[0]).toList(), series, null, "$")));
        return section(5, "savings", ReportTexts.SAVINGS, blocks);
    }

    private Section income() {
        List<List<String>> rows = p.userIncome().stream().flatMap(m -> m.variants().stream())
                .map(Projection.IncomeRow::cells).toList();
        List<Series> series = new ArrayList<>();
        for (int v = 0; v < p.fleet().variants().size(); v++) {
            int variant = v;
            series.add(new Series(variantLabels().get(v), VARIANT_COLORS.get(v % VARIANT_COLORS.size()),
                    p.userIncome().stream().map(m -> m.variants().get(variant).pctOfAvgIncome()).toList()));
        }
        return section(6, "income", ReportTexts.INCOME,
                Block.table(null, table(List.of("Region", "Electricity", "Token Price", "Monthly Net", "Annual Net",
                        "% of Avg Income"), rows, -1)),
                Block.chart(Svg.bars(chartTitle(2), p.userIncome().stream().map(Projection.IncomeMarket::market).toList(),
                        series, null, "%")));
    }

    private Section environment() {
        return section(7, "environment", ReportTexts.ENVIRONMENT,
                Block.table(null, table(List.of("Variant", "DCs Replaced", "CO₂ Saved (net tons)", "Cars Removed",
                        "Phone CO₂ Added"), p.environment().stream().map(Projection.EnvironmentRow::cells).toList(), 2)),
                Block.chart(Svg.bars(chartTitle(3), variantLabels(), List.of(
                        new Series(Arabic.in(lang, "CO₂ Saved (net tons)"), "#27AE60",
                                p.environment().stream().map(Projection.EnvironmentRow::netCo2SavedTons).toList()),
                        new Series(Arabic.in(lang, "Phone CO₂ Added"), "#95A5A6",
                                p.environment().stream().map(Projection.EnvironmentRow::phoneCo2AddedTons).toList())),
                        null, "")));
    }

    private Section growth() {
        List<Series> series = new ArrayList<>();
        for (int v = 0; v < p.growth().variants().size(); v++) {
            series.add(new Series(variantLabels().get(v), VARIANT_COLORS.get(v % VARIANT_COLORS.size()),
                    p.growth().variants().get(v).devicesByYear()));
        }
        List<String> years = new ArrayList<>();
        for (int y = 1; y <= 5; y++) {
            years.add(Arabic.in(lang, "Year " + y));
        }
        return section(8, "growth", ReportTexts.GROWTH,
                Block.text(t("Starting point", "نقطة البداية") + ": " + p.growth().startCell() + " "
                        + t("devices", "جهاز") + " (" + MarkdownReport.startShare(p, report.texts()) + " "
                        + t("of annual sales", "من المبيعات السنوية") + ")"),
                Block.table(null, table(List.of("Variant", "Growth/yr", "Year 1", "Year 2", "Year 3", "Year 4", "Year 5"),
                        p.growth().variants().stream().map(Projection.GrowthRow::cells).toList(), -1)),
                Block.chart(Svg.lines(chartTitle(4), years, series, "")));
    }

    private Section partnership() {
        List<Block> blocks = new ArrayList<>();
        blocks.add(Block.table(null, labelled(p.partnership(), "Aspect", "Assessment")));
        report.texts().partnershipReason().ifPresent(text ->
                blocks.add(Block.list(ReportTexts.WHY_PARTNER.in(lang), List.of(text.in(lang)))));
        report.texts().competitiveAdvantage().ifPresent(text ->
                blocks.add(Block.list(ReportTexts.ADVANTAGE.in(lang), List.of(text.in(lang)))));
        report.texts().integrationNotes().ifPresent(text ->
                blocks.add(Block.list(ReportTexts.INTEGRATION_NOTES.in(lang), List.of(text.in(lang)))));
        return section(9, "partnership", ReportTexts.PARTNERSHIP, blocks);
    }

    private Section breakeven() {
        return section(10, "breakeven", ReportTexts.BREAKEVEN,
                Block.table(null, table(List.of("Variant", "Coverage", Arabic.in(lang, "Annual Savings") + " ("
                                + MarkdownReport.breakevenOfferName(p) + ")", "Breakeven", "5yr Net", "5yr ROI"),
                        p.breakeven().variants().stream().map(Projection.BreakevenRow::cells).toList(), -1)),
                Block.chart(Svg.bars(chartTitle(5), variantLabels(), List.of(new Series(Arabic.in(lang, "5yr Net"),
                                VARIANT_COLORS.get(0), p.breakeven().variants().stream()
                                .map(Projection.BreakevenRow::fiveYearNetUsd).toList())), VARIANT_COLORS, "$")));
    }

    private Section roadmap() {
        List<List<String>> rows = new ArrayList<>();
        List<List<String>> phases = p.roadmap().phases();
        for (int i = 0; i < phases.size(); i++) {
            Bilingual activities = ReportTexts.ROADMAP_ACTIVITIES.get(Math.min(i, ReportTexts.ROADMAP_ACTIVITIES.size() - 1));
            rows.add(List.of(phases.get(i).get(0), phases.get(i).get(1), activities.in(lang)));
        }
        return section(11, "roadmap", ReportTexts.ROADMAP,
                Block.text(t("Total estimated time", "المدة الإجمالية المقدرة") + ": "
                        + Arabic.in(lang, p.roadmap().months() + " months")),
                Block.table(null, table(List.of("Phase", "Timeline", "Activities"), rows, -1)));
    }

    private Section risks() {
        List<List<String>> rows = p.risks().stream().map(r -> List.of(
                lang == Lang.AR ? ReportTexts.riskLabelAr(r.id(), report.texts()) : r.risk(), r.probability(), r.impact(),
                ReportTexts.mitigation(r.id()).in(lang))).toList();
        return section(12, "risks", ReportTexts.RISKS,
                Block.table(null, table(List.of("Risk", "Probability", "Impact", "Mitigation"), rows, -1)));
    }

    private Section markets() {
        return section(13, "markets", ReportTexts.MARKETS, Block.list(null, p.markets().stream()
                .map(m -> "🌍 " + (lang == Lang.AR ? m.get(1) + " (" + m.get(0) + ")" : m.get(0) + " (" + m.get(1) + ")"))
                .toList()));
    }

    /** What the fleet does now, beside what the model says it could. */
    private Section live() {
        List<Block> blocks = new ArrayList<>();
        ReportDocument.Live live = report.live();
        if (live == null) {
            blocks.add(Block.text(t("The live figures (fleet, savings, payouts) are shown to the partner and to ops: "
                    + "open this page with the partner's credential.", "تُعرض الأرقام الحية (الأسطول، التوفير، المدفوعات) "
                    + "للشريك وفريق التشغيل فقط: افتح هذه الصفحة باعتماد الشريك.")));
            return new Section("live", ReportTexts.LIVE.in(lang), blocks);
        }
        CapacityEvent capacity = live.capacity();
        if (capacity == null && live.savingsToDate() == null) {
            blocks.add(Block.text(t("No device of this partner has reported yet.", "لم يُبلغ أي جهاز لهذا الشريك بعد.")));
            return new Section("live", ReportTexts.LIVE.in(lang), blocks);
        }
        if (capacity != null) {
            blocks.add(Block.text(t("Observed uptime", "نسبة التشغيل المرصودة") + ": "
                    + percent(capacity.observedUptime()) + " · " + t("nearest scenario", "أقرب سيناريو") + ": "
                    + Optional.ofNullable(capacity.nearestScenario()).map(this::scenarioLabel).orElse("—") + " · "
                    + t("live H100-equivalents", "مكافئ H100 الآن") + ": "
                    + Optional.ofNullable(capacity.h100Equivalent()).map(h -> String.format(Locale.ROOT, "%,.3f", h))
                    .orElse("—") + " · " + t("eligible devices", "الأجهزة المؤهلة") + ": " + capacity.eligibleDevices()
                    + " / " + capacity.registeredDevices()));
            List<List<String>> rows = new ArrayList<>();
            for (Projection.FleetRow variant : p.fleet().variants()) {
                boolean nearest = variant.variant().equals(capacity.nearestScenario());
                rows.add(List.of(variant.cells().get(0), percent(variant.uptime()), nearest ? "◀" : ""));
            }
            blocks.add(Block.table(null, table(List.of("Variant", "Scenario uptime", ""), rows, -1)));
        }
        Savings toDate = live.savingsToDate();
        if (toDate != null) {
            List<List<String>> rows = new ArrayList<>();
            for (CloudOfferSavings offer : p.cloudSavings().offers()) {
                rows.add(List.of(offer.name() + " (" + offer.gpuModel() + ")",
                        usd(toDate.avoidedCostUsd().get(offer.offer())), usd(toDate.netSavingsUsd().get(offer.offer()))));
            }
            blocks.add(Block.table(t("Savings to date", "التوفير حتى الآن") + " · " + toDate.jobs() + " "
                    + t("jobs", "مهمة"), table(List.of("Cloud offer", "Avoided cost", "Net of payouts"), rows, 1)));
            blocks.add(Block.text(t("Owner payouts to date", "مدفوعات المالكين حتى الآن") + ": " + usd(toDate.payoutsUsd())
                    + " · " + t("energy", "الطاقة") + ": " + toDate.energyKwh() + " kWh · CO₂: " + toDate.co2Kg() + " kg"));
            servedBy(toDate, blocks);
        }
        if (live.updatedAt() != null) {
            blocks.add(Block.text(t("Last update", "آخر تحديث") + ": " + live.updatedAt().truncatedTo(
                    java.time.temporal.ChronoUnit.SECONDS) + " UTC"));
        }
        return new Section("live", ReportTexts.LIVE.in(lang), blocks);
    }

    /**
     * Who served the partner's requests, once the cloud fallback, a canary or a dissenting result has shown up (a
     * partner whose phones served everything reads the section as before): phones vs cloud, each offer's cost
     * avoided net of payouts against the cost the fallback incurred, the canaries' pay and dishonest results caught.
     */
    private void servedBy(Savings toDate, List<Block> blocks) {
        if (toDate.cloudJobs() == 0 && toDate.canaryJobs() == 0 && toDate.dissentingResults() == 0) {
            return;
        }
        blocks.add(Block.text(t("Requests served by phones", "الطلبات التي خدمتها الهواتف") + ": " + toDate.jobs()
                + " · " + t("by the cloud (fallback)", "بالسحابة (البديل الاحتياطي)") + ": " + toDate.cloudJobs()
                + " · " + t("dishonest results caught", "النتائج غير النزيهة المكتشفة") + ": "
                + toDate.dissentingResults()));
        if (toDate.cloudJobs() > 0) {
            List<List<String>> rows = new ArrayList<>();
            for (CloudOfferSavings offer : p.cloudSavings().offers()) {
                rows.add(List.of(offer.name() + " (" + offer.gpuModel() + ")",
                        usd(toDate.netSavingsUsd().get(offer.offer())), usd(toDate.cloudCostUsd().get(offer.offer()))));
            }
            blocks.add(Block.table(t("Cloud cost incurred to date", "تكلفة السحابة المتكبَّدة حتى الآن") + " · "
                    + toDate.cloudJobs() + " " + t("jobs", "مهمة") + " · " + toDate.cloudGpuHours() + " "
                    + t("GPU-hours", "ساعة GPU"), table(List.of("Cloud offer", "Avoided net of payouts",
                    "Cloud cost incurred"), rows, 1)));
        }
        if (toDate.canaryJobs() > 0) {
            blocks.add(Block.text(t("Canary checks", "فحوصات الكناري") + ": " + toDate.canaryJobs() + " · "
                    + t("their owner payouts, paid by the platform", "مدفوعات مالكيها، تدفعها المنصة") + ": "
                    + usd(toDate.platformPayoutsUsd())));
        }
    }

    private String scenarioLabel(String id) {
        return p.fleet().variants().stream().filter(v -> v.variant().equals(id)).findFirst()
                .map(v -> Arabic.in(lang, v.cells().get(0))).orElse(id);
    }

    private static String percent(Double share) {
        return share == null ? "—" : String.format(Locale.ROOT, "%.1f%%", share * 100);
    }

    private static String usd(BigDecimal amount) {
        return amount == null ? "—" : "$" + amount.toPlainString();
    }

    private Section section(int number, String id, Bilingual heading, Block... blocks) {
        return section(number, id, heading, List.of(blocks));
    }

    private Section section(int number, String id, Bilingual heading, List<Block> blocks) {
        return new Section(id, number + ". " + heading.in(lang), blocks);
    }

    /** A two-column table whose first column is a label (bold, translated). */
    private Table labelled(List<List<String>> rows, String labelHeader, String valueHeader) {
        return new Table(List.of(Arabic.in(lang, labelHeader), Arabic.in(lang, valueHeader)),
                rows.stream().map(r -> List.of(Arabic.in(lang, r.get(0)), Arabic.in(lang, r.get(1)))).toList(), 0);
    }

    private Table table(List<String> headers, List<List<String>> rows, int strong) {
        Function<List<String>, List<String>> translate = row -> row.stream().map(c -> Arabic.in(lang, c)).toList();
        return new Table(headers.stream().map(h -> Arabic.in(lang, h)).toList(), rows.stream().map(translate).toList(),
                strong);
    }

    private List<String> variantLabels() {
        return p.fleet().variants().stream().map(v -> Arabic.in(lang, v.cells().get(0))).toList();
    }

    private String chartTitle(int index) {
        return ReportTexts.CHARTS.get(index).title().in(lang);
    }

    private String t(String en, String ar) {
        return lang == Lang.AR ? ar : en;
    }
}
