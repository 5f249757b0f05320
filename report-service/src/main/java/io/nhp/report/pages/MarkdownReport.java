package io.nhp.report.pages;

import static io.nhp.report.render.ReportTexts.CHARTS;

import io.nhp.contracts.projection.Projection;
import io.nhp.contracts.projection.Projection.CloudOfferSavings;
import io.nhp.contracts.projection.Projection.Risk;
import io.nhp.report.render.Bilingual;
import io.nhp.report.render.PartnerTexts;
import io.nhp.report.render.ReportTexts;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A partner's deep dive as the bilingual Markdown of the published report (MODEL.md §7): the same lines, headings,
 * tables, chart links and footer, filled from the projection and the profile's prose. Lines are joined with
 * {@code \n}, without a final newline.
 */
public final class MarkdownReport {

    private final List<String> lines = new ArrayList<>();
    private final Projection p;
    private final PartnerTexts texts;

    private MarkdownReport(Projection projection, PartnerTexts texts) {
        this.p = projection;
        this.texts = texts;
    }

    /** The report of {@code projection} (either mode), dated {@code date} as printed ({@code dd.MM.yyyy}). */
    public static String render(Projection projection, PartnerTexts texts, String date) {
        return new MarkdownReport(projection, texts).build(date);
    }

    private String build(String date) {
        add("# NHP × " + p.name() + " — " + ReportTexts.TITLE.en());
        add("# NHP × " + texts.nameAr() + " — " + ReportTexts.TITLE.ar());
        add("");
        add("**📅 Date: " + date + " | Simulation v2.0**");
        add("");
        add("---");
        add("");
        overview();
        fleet();
        security();
        aiServices();
        savings();
        income();
        environment();
        growth();
        partnership();
        breakeven();
        roadmap();
        risks();
        markets();
        add("---");
        add("");
        add("*NHP × " + p.name() + " Deep Dive — Generated " + date + "*");
        add("*" + ReportTexts.TAGLINE.ar() + " — " + ReportTexts.TAGLINE.en() + "*");
        return String.join("\n", lines);
    }

    private void overview() {
        section(1, ReportTexts.OVERVIEW);
        header("Field", "Value");
        p.overview().forEach(row -> row("**" + row.get(0) + "**", row.get(1)));
        add("");
    }

    private void fleet() {
        section(2, ReportTexts.FLEET);
        add("### " + ReportTexts.FLAGSHIP.both());
        header("Model", "Year", "GPU", "TOPS", "RAM", "Units (M)");
        p.fleet().flagshipDevices().forEach(this::row);
        add("");
        add("### " + ReportTexts.MIDRANGE.both());
        header("Model", "Year", "GPU", "TOPS", "RAM", "Units (M)");
        p.fleet().midrangeDevices().forEach(this::row);
        add("");
        add("### " + ReportTexts.FLEET_POWER.both());
        add("");
        header("Metric", "Value");
        p.fleet().metrics().forEach(this::row);
        add("");
        header("Variant", "Uptime", "Active Devices", "Fleet TOPS", "H100 Equiv");
        p.fleet().variants().forEach(v -> row(bold(v.cells(), 4)));
        add("");
        chart(0);
    }

    private void security() {
        section(3, ReportTexts.SECURITY);
        header("Property", "Detail");
        p.security().rows().forEach(row -> row("**" + row.get(0) + "**", row.get(1)));
        add("");
        add("**TEE Readiness: " + p.security().teeReadiness() + "** | **API Access: " + p.security().apiAccess() + "**");
        add("");
    }

    private void aiServices() {
        section(4, ReportTexts.AI_SERVICES);
        for (Projection.AiServiceLine service : p.aiServices()) {
            add("### " + service.name());
            Bilingual description = texts.serviceDescriptions().get(service.name());
            if (description != null) {
                prose(Optional.of(description));
            }
            add("- Daily requests: " + service.dailyRequestsCell());
            add("- Current cloud: " + service.currentCloud());
            add("- Est. annual cloud cost: " + service.estAnnualCloudCostCell());
            add("");
        }
        subsection(ReportTexts.AI_STRATEGY, texts.aiStrategy());
    }

    private void savings() {
        section(5, ReportTexts.SAVINGS);
        add("**Total daily AI requests: " + p.cloudSavings().totalDailyRequestsCell() + "**");
        add("**Total daily GPU hours needed: " + p.cloudSavings().gpuHoursPerDayCell() + "**");
        add("");
        for (CloudOfferSavings offer : p.cloudSavings().offers()) {
            add("### vs " + offer.name() + " (" + offer.gpuModel() + ")");
            add("Annual cloud cost (100%): " + offer.annualCostCell());
            add("");
            header("Variant", "Coverage", "Annual Savings", "Savings %");
            offer.variants().forEach(v -> row(bold(v.cells(), 2)));
            add("");
        }
        chart(1);
    }

    private void income() {
        section(6, ReportTexts.INCOME);
        header("Region", "Electricity", "Token Price", "Monthly Net", "Annual Net", "% of Avg Income");
        p.userIncome().forEach(market -> market.variants().forEach(v -> row(v.cells())));
        add("");
        chart(2);
    }

    private void environment() {
        section(7, ReportTexts.ENVIRONMENT);
        header("Variant", "DCs Replaced", "CO₂ Saved (net tons)", "Cars Removed", "Phone CO₂ Added");
        p.environment().forEach(v -> row(bold(v.cells(), 2)));
        add("");
        chart(3);
    }

    private void growth() {
        section(8, ReportTexts.GROWTH);
        add("Starting point: " + p.growth().startCell() + " devices (" + startShare(p, texts) + " of annual sales)");
        add("");
        header("Variant", "Growth/yr", "Year 1", "Year 2", "Year 3", "Year 4", "Year 5");
        p.growth().variants().forEach(v -> row(v.cells()));
        add("");
        chart(4);
    }

    /** The growth's starting share of one year's sales, as the model applied it (5 %: {@code initial_adoption_share}). */
    static String startShare(Projection p, PartnerTexts texts) {
        double share = p.growth().start() / (texts.annualSalesMillions() * 1_000_000.0);
        return Math.round(share * 100) + "%";
    }

    private void partnership() {
        section(9, ReportTexts.PARTNERSHIP);
        header("Aspect", "Assessment");
        p.partnership().forEach(row -> row("**" + row.get(0) + "**", row.get(1)));
        add("");
        subsection(ReportTexts.WHY_PARTNER, texts.partnershipReason());
        subsection(ReportTexts.ADVANTAGE, texts.competitiveAdvantage());
        subsection(ReportTexts.INTEGRATION_NOTES, texts.integrationNotes());
    }

    private void breakeven() {
        section(10, ReportTexts.BREAKEVEN);
        header("Variant", "Coverage", "Annual Savings (" + breakevenOfferName(p) + ")", "Breakeven", "5yr Net", "5yr ROI");
        p.breakeven().variants().forEach(v -> row(v.cells()));
        add("");
        chart(5);
    }

    /** The name of the offer the breakeven is computed against (e.g. AWS). */
    static String breakevenOfferName(Projection p) {
        return p.cloudSavings().offers().stream().filter(o -> o.offer().equals(p.breakeven().offer()))
                .map(CloudOfferSavings::name).findFirst().orElse(p.breakeven().offer());
    }

    private void roadmap() {
        section(11, ReportTexts.ROADMAP);
        add("**" + p.roadmap().totalCell() + "**");
        add("");
        header("Phase", "Timeline", "Activities EN", "الأنشطة AR");
        List<List<String>> phases = p.roadmap().phases();
        for (int i = 0; i < phases.size(); i++) {
            Bilingual activities = ReportTexts.ROADMAP_ACTIVITIES.get(Math.min(i, ReportTexts.ROADMAP_ACTIVITIES.size() - 1));
            row(phases.get(i).get(0), phases.get(i).get(1), activities.en(), activities.ar());
        }
        add("");
    }

    private void risks() {
        section(12, ReportTexts.RISKS);
        header("Risk EN", "Risk AR", "Probability", "Impact", "Mitigation EN", "التخفيف AR");
        for (Risk risk : p.risks()) {
            Bilingual mitigation = ReportTexts.mitigation(risk.id());
            row(risk.risk(), ReportTexts.riskLabelAr(risk.id(), texts), risk.probability(), risk.impact(),
                    mitigation.en(), mitigation.ar());
        }
        add("");
    }

    private void markets() {
        section(13, ReportTexts.MARKETS);
        p.markets().forEach(market -> add("- 🌍 " + market.get(0) + " (" + market.get(1) + ")"));
        add("");
    }

    private void section(int number, Bilingual heading) {
        add("## " + number + ". " + heading.both());
        add("");
    }

    /** A {@code ###} block of EN and AR prose, left out when the profile has none. */
    private void subsection(Bilingual heading, Optional<Bilingual> prose) {
        if (prose.isEmpty()) {
            return;
        }
        add("### " + heading.both());
        prose(prose);
        add("");
    }

    private void prose(Optional<Bilingual> text) {
        text.ifPresent(t -> {
            add("- **EN:** " + t.en());
            add("- **AR:** " + t.ar());
        });
    }

    private void chart(int index) {
        ReportTexts.Chart chart = CHARTS.get(index);
        add("![" + chart.title().en() + "](../../assets/company/" + p.partner() + "/" + p.partner() + "_0"
                + (index + 1) + "_" + chart.file() + ".png)");
        add("");
    }

    private void header(String... columns) {
        row(columns);
        add("|" + "---|".repeat(columns.length));
    }

    private void row(List<String> cells) {
        row(cells.toArray(String[]::new));
    }

    private void row(String... cells) {
        add("| " + String.join(" | ", cells) + " |");
    }

    private static List<String> bold(List<String> cells, int column) {
        List<String> copy = new ArrayList<>(cells);
        copy.set(column, "**" + copy.get(column) + "**");
        return copy;
    }

    private void add(String line) {
        lines.add(line);
    }
}
