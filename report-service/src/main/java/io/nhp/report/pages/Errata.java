package io.nhp.report.pages;

import io.nhp.contracts.projection.Projection;
import io.nhp.report.render.Bilingual;
import io.nhp.report.render.Lang;
import io.nhp.report.render.ReportTexts;
import java.util.ArrayList;
import java.util.List;

/**
 * What the corrected model prints differently from the published one for a partner: every table cell that differs,
 * with its section, row and column (MODEL.md §10.1, defects D1–D8, as they show in this partner's figures).
 */
public final class Errata {

    /** One differing cell. */
    public record Erratum(Bilingual section, String row, String column, String published, String corrected) {

        /** E.g. "User Income … · Southeast Asia 🟢 $0.5/hr · % of Avg Income: published 3.75%, corrected 20.99%". */
        public String line(Lang lang) {
            return section.in(lang) + " · " + row + " · " + column + ": "
                    + (lang == Lang.AR ? "المنشور " : "published ") + published
                    + (lang == Lang.AR ? "، المصحَّح " : ", corrected ") + corrected;
        }
    }

    private Errata() {
    }

    public static List<Erratum> between(Projection published, Projection corrected) {
        List<Erratum> errata = new ArrayList<>();
        compare(errata, ReportTexts.FLEET_POWER, List.of("Variant", "Uptime", "Active Devices", "Fleet TOPS", "H100 Equiv"),
                published.fleet().variants().stream().map(Projection.FleetRow::cells).toList(),
                corrected.fleet().variants().stream().map(Projection.FleetRow::cells).toList(), null);
        for (int i = 0; i < Math.min(published.cloudSavings().offers().size(), corrected.cloudSavings().offers().size()); i++) {
            var offer = published.cloudSavings().offers().get(i);
            compare(errata, new Bilingual(ReportTexts.SAVINGS.en() + " vs " + offer.name() + " (" + offer.gpuModel() + ")",
                            ReportTexts.SAVINGS.ar() + " — " + offer.name() + " (" + offer.gpuModel() + ")"),
                    List.of("Variant", "Coverage", "Annual Savings", "Savings %"),
                    offer.variants().stream().map(Projection.SavingsRow::cells).toList(),
                    corrected.cloudSavings().offers().get(i).variants().stream().map(Projection.SavingsRow::cells).toList(),
                    null);
        }
        compare(errata, ReportTexts.INCOME,
                List.of("Region", "Electricity", "Token Price", "Monthly Net", "Annual Net", "% of Avg Income"),
                published.userIncome().stream().flatMap(m -> m.variants().stream()).map(Projection.IncomeRow::cells).toList(),
                corrected.userIncome().stream().flatMap(m -> m.variants().stream()).map(Projection.IncomeRow::cells).toList(),
                corrected.userIncome().stream().flatMap(m -> m.variants().stream().map(v -> m.market() + " " + v.cells().get(2)))
                        .toList());
        compare(errata, ReportTexts.ENVIRONMENT,
                List.of("Variant", "DCs Replaced", "CO₂ Saved (net tons)", "Cars Removed", "Phone CO₂ Added"),
                published.environment().stream().map(Projection.EnvironmentRow::cells).toList(),
                corrected.environment().stream().map(Projection.EnvironmentRow::cells).toList(), null);
        compare(errata, ReportTexts.GROWTH,
                List.of("Variant", "Growth/yr", "Year 1", "Year 2", "Year 3", "Year 4", "Year 5"),
                published.growth().variants().stream().map(Projection.GrowthRow::cells).toList(),
                corrected.growth().variants().stream().map(Projection.GrowthRow::cells).toList(), null);
        compare(errata, ReportTexts.BREAKEVEN,
                List.of("Variant", "Coverage", "Annual Savings", "Breakeven", "5yr Net", "5yr ROI"),
                published.breakeven().variants().stream().map(Projection.BreakevenRow::cells).toList(),
                corrected.breakeven().variants().stream().map(Projection.BreakevenRow::cells).toList(), null);
        compare(errata, ReportTexts.RISKS, List.of("Risk EN", "Probability", "Impact"),
                published.risks().stream().map(r -> List.of(r.risk(), r.probability(), r.impact())).toList(),
                corrected.risks().stream().map(r -> List.of(r.risk(), r.probability(), r.impact())).toList(), null);
        return errata;
    }

    /** Cell by cell, rows matched by position; a row is named by its first cell unless {@code names} are given. */
    private static void compare(List<Erratum> errata, Bilingual section, List<String> columns,
                                List<List<String>> published, List<List<String>> corrected, List<String> names) {
        for (int r = 0; r < Math.min(published.size(), corrected.size()); r++) {
            List<String> a = published.get(r);
            List<String> b = corrected.get(r);
            String row = names == null ? a.get(0) : names.get(r);
            for (int c = 0; c < Math.min(a.size(), b.size()); c++) {
                if (!a.get(c).equals(b.get(c))) {
                    errata.add(new Erratum(section, row, c < columns.size() ? columns.get(c) : "#" + c, a.get(c), b.get(c)));
                }
            }
        }
    }
}
