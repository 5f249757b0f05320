package io.nhp.scenario;

import io.nhp.contracts.projection.Projection;
import static io.nhp.figures.Figures.fixed;
import static io.nhp.figures.Figures.grouped;
import static io.nhp.figures.Figures.money;
import static io.nhp.figures.Figures.pct0;
import static io.nhp.figures.Figures.raw;
import static io.nhp.figures.Figures.usd2;

import io.nhp.scenario.Company.DeviceModel;
import io.nhp.scenario.ModelInputs.Constants;
import io.nhp.scenario.ModelInputs.Region;
import io.nhp.scenario.ModelInputs.Variant;
import io.nhp.contracts.projection.Projection.BreakevenRow;
import io.nhp.contracts.projection.Projection.CloudOfferSavings;
import io.nhp.contracts.projection.Projection.EnvironmentRow;
import io.nhp.contracts.projection.Projection.FleetRow;
import io.nhp.contracts.projection.Projection.GrowthRow;
import io.nhp.contracts.projection.Projection.IncomeMarket;
import io.nhp.contracts.projection.Projection.IncomeRow;
import io.nhp.contracts.projection.Projection.Risk;
import io.nhp.contracts.projection.Projection.SavingsRow;
import io.nhp.figures.Mode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The partner scenario model, Simulation v2.0 (MODEL.md §5). Every formula is evaluated in the order the
 * specification writes it, in {@code double} with exact {@code long} counts, because the order decides the last
 * bit and the last bit can decide a printed digit. Reference mode reproduces the published figures, defects
 * included; corrected mode fixes D1–D8 (§10.1). The oddities of §10.2 are kept in both.
 */
public final class ScenarioModel {

    private ScenarioModel() {
    }

    /** The input breaks a rule of the model (e.g. D8: an integration shorter than six months). */
    public static final class InvalidInput extends RuntimeException {
        InvalidInput(String why) {
            super(why);
        }
    }

    public static Projection project(Company company, ModelInputs inputs, Mode mode) {
        if (mode == Mode.CORRECTED && company.partnership().integrationMonths() < 6) {
            // D8: the roadmap's phases would overlap (Month 3-2)
            throw new InvalidInput("integration_months " + company.partnership().integrationMonths()
                    + " < 6: the roadmap has no room for its phases (MODEL.md D8)");
        }
        Constants c = inputs.constants();
        double gpuHours = gpuHoursPerDay(company, c);
        return new Projection(company.key(), mode.wireName(), company.name(),
                overview(company),
                fleet(company, inputs, mode),
                security(company),
                aiServices(company, mode),
                cloudSavings(company, inputs, gpuHours, mode),
                userIncome(company, inputs, mode),
                environment(company, inputs, mode),
                growth(company, inputs, mode),
                partnership(company),
                breakeven(company, inputs, gpuHours, mode),
                roadmap(company, c),
                risks(company, mode),
                company.primaryMarkets().stream().map(m -> List.of(m.name(), m.nameAr())).toList());
    }

    // §5.1
    private static List<List<String>> overview(Company p) {
        return List.of(
                List.of("Name", p.name() + " (" + p.nameAr() + ")"),
                List.of("Ticker", p.ticker()),
                List.of("HQ", p.hqCountry() + " (" + p.hqCountryAr() + ")"),
                List.of("Founded", raw(p.founded())),
                List.of("CEO", p.ceo()),
                List.of("Market Cap", p.marketCapBillionsUsd() > 0 ? "$" + raw(p.marketCapBillionsUsd()) + "B" : "Private"),
                List.of("Annual Revenue", "$" + raw(p.annualRevenueBillionsUsd()) + "B"),
                List.of("Market Share", raw(p.smartphoneMarketSharePct()) + "%"),
                List.of("Active Devices", raw(p.activeDevicesMillions()) + "M"),
                List.of("Annual Sales", raw(p.annualPhoneSalesMillions()) + "M phones/year"),
                List.of("Primary OS", p.osName()),
                List.of("Primary Chipset", p.primaryChipset()));
    }

    // §5.2
    private static Projection.Fleet fleet(Company p, ModelInputs inputs, Mode mode) {
        Constants c = inputs.constants();
        double avgF = averageTops(p.flagshipModels());
        double avgM = averageTops(p.midrangeModels());
        // D2: the reference assumes 25 % flagships for every partner; the partner's own share is in its profile
        double share = mode == Mode.REFERENCE ? c.assumedFlagshipShare() : p.flagshipPct();
        long n = p.activeDevices(c);
        List<FleetRow> rows = new ArrayList<>();
        for (Variant v : inputs.variants()) {
            long active = (long) (n * v.uptime());
            long flagship = (long) (active * share);
            long midrange = active - flagship;
            double fleetTops = flagship * avgF + midrange * avgM;
            double h100 = fleetTops / c.h100Tops();
            rows.add(new FleetRow(v.id(), v.uptime(), active, flagship, midrange, fleetTops, h100, List.of(
                    v.label(), pct0(v.uptime(), mode), grouped(active), grouped(fleetTops, 0, mode),
                    grouped(h100, 0, mode))));
        }
        List<List<String>> metrics = List.of(
                List.of("Total active devices", raw(p.activeDevicesMillions()) + "M"),
                List.of("Avg flagship TOPS", fixed(avgF, 1, mode)),
                List.of("Avg mid-range TOPS", fixed(avgM, 1, mode)));
        return new Projection.Fleet(devices(p.flagshipModels()), devices(p.midrangeModels()), avgF, avgM, metrics,
                share, rows);
    }

    /** The plain mean, summed left to right from 0 (O8: not weighted by units sold); 0 for no models. */
    static double averageTops(List<DeviceModel> models) {
        if (models.isEmpty()) {
            return 0;
        }
        double sum = 0;
        for (DeviceModel m : models) {
            sum += m.tops();
        }
        return sum / models.size();
    }

    private static List<List<String>> devices(List<DeviceModel> models) {
        return models.stream().map(m -> List.of(m.name(), raw(m.year()), m.gpu(), raw(m.tops()), m.ramGb() + "GB",
                raw(m.unitsM()) + "M")).toList();
    }

    // §5.3
    private static Projection.SecuritySection security(Company p) {
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("TEE Name", p.security().teeName()));
        if (p.teeDescription() != null) {
            rows.add(List.of("Description", p.teeDescription()));
        }
        rows.add(List.of("Maturity", p.security().teeMaturity()));
        rows.add(List.of("Certifications", String.join(", ", p.security().certifications())));
        rows.add(List.of("API Openness", p.security().apiOpenness()));
        String readiness = switch (p.security().teeMaturity()) {
            case "Mature" -> "🟢 Ready";
            case "Developing" -> "🟡 Needs work";
            case "Unknown" -> "🔴 Unknown";
            default -> "❓";
        };
        String access = switch (p.security().apiOpenness()) {
            case "Open" -> "🟢 Easy";
            case "Restricted" -> "🟡 Negotiable";
            case "Closed" -> "🔴 Very Hard";
            default -> "❓";
        };
        return new Projection.SecuritySection(List.copyOf(rows), readiness, access);
    }

    // §5.4: the stated figures (O2), not computed
    private static List<Projection.AiServiceLine> aiServices(Company p, Mode mode) {
        return p.aiServices().stream().map(s -> new Projection.AiServiceLine(s.name(), s.dailyRequests(),
                s.currentCloud(), s.estAnnualCloudCostUsd(), "~" + grouped(s.dailyRequests()),
                money(s.estAnnualCloudCostUsd(), mode))).toList();
    }

    private static long totalDailyRequests(Company p) {
        long r = 0;
        for (Company.AiService s : p.aiServices()) {
            r += s.dailyRequests();
        }
        return r;
    }

    private static double gpuHoursPerDay(Company p, Constants c) {
        double gpuSec = totalDailyRequests(p) * c.gpuRequestTimeSec();
        return gpuSec / c.secondsPerHour();
    }

    private static double perGpuHour(ModelInputs.CloudOffer offer) {
        return offer.hourlyCostUsd() / offer.gpusPerInstance();
    }

    // §5.5
    private static Projection.CloudSavings cloudSavings(Company p, ModelInputs inputs, double gpuHr, Mode mode) {
        Constants c = inputs.constants();
        List<CloudOfferSavings> offers = new ArrayList<>();
        for (ModelInputs.CloudOffer offer : inputs.clouds()) {
            double perGpuHour = perGpuHour(offer);
            double dailyCost = gpuHr * perGpuHour;
            double annualCost = dailyCost * c.daysPerYear();
            List<SavingsRow> rows = new ArrayList<>();
            for (Variant v : inputs.variants()) {
                double savings = annualCost * v.coverage();
                // O1: the column is the coverage again; corrected mode computes it, with the same result
                String share = mode == Mode.REFERENCE ? pct0(v.coverage(), mode)
                        : fixed(savings / annualCost * 100, 0, mode) + "%";
                rows.add(new SavingsRow(v.id(), v.coverage(), savings,
                        List.of(v.label(), pct0(v.coverage(), mode), money(savings, mode), share)));
            }
            offers.add(new CloudOfferSavings(offer.id(), offer.name(), offer.gpuModel(), perGpuHour, annualCost,
                    money(annualCost, mode), rows));
        }
        long r = totalDailyRequests(p);
        return new Projection.CloudSavings(r, gpuHr, grouped(r), grouped(gpuHr, 0, mode), offers);
    }

    // §5.6
    private static List<IncomeMarket> userIncome(Company p, ModelInputs inputs, Mode mode) {
        Constants c = inputs.constants();
        List<IncomeMarket> markets = new ArrayList<>();
        for (Company.Market market : p.primaryMarkets()) {
            Resolved region = mode == Mode.REFERENCE ? byPrefix(market.name(), inputs) : byTable(market.name(), inputs);
            Region r = region.region();
            List<IncomeRow> rows = new ArrayList<>();
            for (Variant v : inputs.variants()) {
                double kWh = (c.deviceExtraWatt() * c.nightlyHours()) / c.wattsPerKilowatt();
                double elec = kWh * r.electricityUsdPerKwh();
                double gross = c.nightlyHours() * v.tokenPrice();
                double net = gross - elec;
                double monthly = net * c.daysPerMonth();
                double annual = monthly * c.monthsPerYear();
                double pct = r.avgMonthlyIncomeUsd() <= 0 ? 0 : (monthly / r.avgMonthlyIncomeUsd()) * 100;
                rows.add(new IncomeRow(v.id(), v.tokenPrice(), monthly, annual, pct, List.of(region.label(),
                        "$" + raw(r.electricityUsdPerKwh()) + "/kWh", v.emoji() + " $" + raw(v.tokenPrice()) + "/hr",
                        usd2(monthly, mode), usd2(annual, mode), fixed(pct, 2, mode) + "%")));
            }
            markets.add(new IncomeMarket(market.name(), region.label(), region.defaulted() ? null : r.id(),
                    region.defaulted(), r.electricityUsdPerKwh(), r.avgMonthlyIncomeUsd(), rows));
        }
        return markets;
    }

    /** A market's region, the name printed for it, and whether the default parameters stand in. */
    record Resolved(Region region, String label, boolean defaulted) {
    }

    /**
     * D1 as published: the first region, in file order, whose lower-cased name starts with the first four
     * lower-cased characters of the market ({@code Southeast Asia} → {@code sout} → South Korea).
     */
    static Resolved byPrefix(String market, ModelInputs inputs) {
        String lower = market.toLowerCase(Locale.ROOT);
        String prefix = lower.length() > 4 ? lower.substring(0, 4) : lower;
        return inputs.regions().stream()
                .filter(r -> r.name().toLowerCase(Locale.ROOT).startsWith(prefix))
                .findFirst()
                .map(r -> new Resolved(r, r.name(), false))
                .orElseGet(() -> new Resolved(inputs.defaultRegion(), market, true));
    }

    /** D1 corrected: the market→region table, exact match; no data → the default region, and the label says so. */
    static Resolved byTable(String market, ModelInputs inputs) {
        Optional<Region> region = inputs.marketRegion().getOrDefault(market, Optional.empty())
                .flatMap(id -> inputs.regions().stream().filter(r -> r.id().equals(id)).findFirst());
        return region.map(r -> new Resolved(r, r.name(), false))
                .orElseGet(() -> new Resolved(inputs.defaultRegion(), market + " (default)", true));
    }

    // §5.7
    private static List<EnvironmentRow> environment(Company p, ModelInputs inputs, Mode mode) {
        Constants c = inputs.constants();
        long n = p.activeDevices(c);
        List<EnvironmentRow> rows = new ArrayList<>();
        for (Variant v : inputs.variants()) {
            double saved = c.dcCo2TonsYear() * v.dcReplaced();
            long active = (long) (n * v.uptime());
            double dayKWh = (active * (c.deviceExtraWatt() * c.nightlyHours())) / c.wattsPerKilowatt();
            double yearKWh = dayKWh * c.daysPerYear();
            double added = (yearKWh * c.co2PerKwhKg()) / c.kgPerTon();
            double netSaved = saved - added;
            long cars = (long) (netSaved / c.co2PerCarTons());
            rows.add(new EnvironmentRow(v.id(), v.dcReplaced(), saved, netSaved, cars, added, List.of(v.label(),
                    raw(v.dcReplaced()), grouped(netSaved, 0, mode), grouped(cars), grouped(added, 0, mode))));
        }
        return rows;
    }

    // §5.8: growth is a rate (O5), year 0 is the start
    private static Projection.Growth growth(Company p, ModelInputs inputs, Mode mode) {
        Constants c = inputs.constants();
        double base = (p.annualPhoneSalesMillions() * c.devicesPerMillion()) * c.initialAdoptionShare();
        long cap = p.activeDevices(c);
        List<GrowthRow> rows = new ArrayList<>();
        for (Variant v : inputs.variants()) {
            List<Double> years = new ArrayList<>();
            List<String> cells = new ArrayList<>(List.of(v.label(), pct0(v.growth(), mode)));
            double x = base;
            for (long y = 1; y <= c.simulationYears(); y++) {
                x = Math.min(x * (1.0 + v.growth()), cap);
                years.add(x);
                cells.add(grouped(x, 0, mode));
            }
            rows.add(new GrowthRow(v.id(), v.growth(), List.copyOf(years), List.copyOf(cells)));
        }
        return new Projection.Growth(base, cap, grouped(base, 0, mode), rows);
    }

    // §5.9
    private static List<List<String>> partnership(Company p) {
        String likelihood = p.partnership().likelihood();
        String difficulty = p.partnership().integrationDifficulty();
        return List.of(
                List.of("Likelihood", badge(likelihood, "High", "Medium", "Low") + " " + likelihood),
                List.of("Integration Difficulty", badge(difficulty, "Easy", "Moderate", "Hard") + " " + difficulty),
                List.of("Est. Integration Time", raw(p.partnership().integrationMonths()) + " months"),
                List.of("Est. Integration Cost", "$" + raw(p.partnership().integrationCostMillionsUsd()) + "M"));
    }

    private static String badge(String value, String green, String yellow, String red) {
        return value.equals(green) ? "🟢" : value.equals(yellow) ? "🟡" : value.equals(red) ? "🔴" : "❓";
    }

    // §5.10: AWS A100 only (O3), savings from month 1 (O4)
    private static Projection.Breakeven breakeven(Company p, ModelInputs inputs, double gpuHr, Mode mode) {
        Constants c = inputs.constants();
        long dev = p.partnership().integrationCostMillionsUsd() * c.usdPerMillion();
        double perGpuHour = perGpuHour(inputs.breakevenOffer());
        double dailyCost = gpuHr * perGpuHour;
        List<BreakevenRow> rows = new ArrayList<>();
        for (Variant v : inputs.variants()) {
            double annualSav = (dailyCost * c.daysPerYear()) * v.coverage();
            double monthlySav = annualSav / c.monthsPerYear();
            double netMonthly = monthlySav - c.opsCostUsdPerMonth();
            Double months = netMonthly > 0 ? dev / netMonthly : null;
            String breakeven;
            if (months == null) {
                breakeven = "∞";
            } else if (mode == Mode.REFERENCE) {
                breakeven = fixed(months, 0, mode) + " months";
            } else {
                // D5: the cost is recovered only at the end of the month that completes it
                breakeven = (long) Math.ceil(months) + " months";
            }
            double fiveYr = ((monthlySav * c.horizonMonths()) - dev) - (c.opsCostUsdPerMonth() * c.horizonMonths());
            double roi = dev <= 0 ? 0 : (fiveYr / dev) * 100;
            rows.add(new BreakevenRow(v.id(), v.coverage(), annualSav, monthlySav, netMonthly, months, fiveYr, roi,
                    List.of(v.label(), pct0(v.coverage(), mode), money(annualSav, mode), breakeven,
                            money(fiveYr, mode), fixed(roi, 0, mode) + "%")));
        }
        return new Projection.Breakeven(inputs.breakevenOffer().id(), perGpuHour, dev, rows);
    }

    // §5.11
    private static Projection.Roadmap roadmap(Company p, Constants c) {
        long m = p.partnership().integrationMonths();
        long h = Math.min(m / 2, c.roadmapPrototypeEndCap());
        long research = c.roadmapResearchEndMonth();
        return new Projection.Roadmap(m, h, "Total estimated time: " + m + " months", List.of(
                List.of("🔵 Phase 1: Research", "Month 1-" + research),
                List.of("🔵 Phase 2: Prototype", "Month " + (research + 1) + "-" + h),
                List.of("🟡 Phase 3: Integration", "Month " + (h + 1) + "-" + (m - 2)),
                List.of("🟢 Phase 4: Testing", "Month " + (m - 1) + "-" + m),
                List.of("🚀 Phase 5: Launch", "Month " + m + "+")));
    }

    // §5.12
    private static List<Risk> risks(Company p, Mode mode) {
        String likelihood = p.partnership().likelihood();
        String openness = p.security().apiOpenness();
        // D6: the reference collapses three levels into two
        String rejection = mode == Mode.REFERENCE
                ? (likelihood.equals("High") ? "Medium" : "High")
                : switch (likelihood) {
                    case "High" -> "Low";
                    case "Medium" -> "Medium";
                    default -> "High";
                };
        String accessDenied = mode == Mode.REFERENCE
                ? (openness.equals("Open") ? "Low" : "High")
                : switch (openness) {
                    case "Open" -> "Low";
                    case "Restricted" -> "Medium";
                    default -> "High";
                };
        List<Risk> risks = new ArrayList<>(List.of(
                new Risk("partnership_rejection", "Partnership rejection", rejection, "🔴 Critical"),
                new Risk("api_access_denied", p.security().teeName() + " API access denied", accessDenied, "🔴 Critical"),
                new Risk("user_privacy", "User privacy concerns", "Medium", "🟠 High"),
                new Risk("battery_degradation", "Battery degradation complaints", "Medium", "🟡 Medium"),
                new Risk("regulatory", "Regulatory issues in "
                        + (p.primaryMarkets().isEmpty() ? "" : p.primaryMarkets().get(0).name()), "Low", "🟠 High")));
        if (p.key().equals("huawei")) {
            risks.add(new Risk("us_sanctions", "US sanctions complicate partnership", "High", "🔴 Critical"));
        }
        if (p.key().equals("apple")) {
            risks.add(new Risk("in_house_solution", "Apple builds competing in-house solution", "High", "🔴 Critical"));
        }
        return List.copyOf(risks);
    }
}
