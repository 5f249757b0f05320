package io.nhp.contracts.projection;

import java.util.List;

/**
 * One partner's scenario model in one mode: every table of the deep-dive report (MODEL.md §5), each row with
 * its raw values and its cells formatted exactly as the report prints them. Bold and other markup are the
 * renderer's; the cells are plain text.
 */
public record Projection(
        String partner, String mode, String name,
        List<List<String>> overview,
        Fleet fleet,
        SecuritySection security,
        List<AiServiceLine> aiServices,
        CloudSavings cloudSavings,
        List<IncomeMarket> userIncome,
        List<EnvironmentRow> environment,
        Growth growth,
        List<List<String>> partnership,
        Breakeven breakeven,
        Roadmap roadmap,
        List<Risk> risks,
        List<List<String>> markets) {

    /** §5.2: the device lists, the averages and, per variant, the fleet's computing power. */
    public record Fleet(List<List<String>> flagshipDevices, List<List<String>> midrangeDevices,
                        double avgFlagshipTops, double avgMidrangeTops, List<List<String>> metrics,
                        double flagshipShare, List<FleetRow> variants) {
    }

    public record FleetRow(String variant, double uptime, long activeDevices, long flagshipDevices,
                           long midrangeDevices, double fleetTops, double h100Equivalents, List<String> cells) {
    }

    /** §5.3: the TEE table and the two readiness badges. */
    public record SecuritySection(List<List<String>> rows, String teeReadiness, String apiAccess) {
    }

    /** §5.4: a service's stated load and cloud cost. */
    public record AiServiceLine(String name, long dailyRequests, String currentCloud, long estAnnualCloudCostUsd,
                                String dailyRequestsCell, String estAnnualCloudCostCell) {
    }

    /** §5.5: the GPU hours the partner's AI load needs, and what each cloud offer would charge for them. */
    public record CloudSavings(long totalDailyRequests, double gpuHoursPerDay, String totalDailyRequestsCell,
                               String gpuHoursPerDayCell, List<CloudOfferSavings> offers) {
    }

    public record CloudOfferSavings(String offer, String name, String gpuModel, double perGpuHourUsd,
                                    double annualCostUsd, String annualCostCell, List<SavingsRow> variants) {
    }

    public record SavingsRow(String variant, double coverage, double annualSavingsUsd, List<String> cells) {
    }

    /** §5.6: one primary market, the region its figures come from, and an owner's income per variant. */
    public record IncomeMarket(String market, String region, String regionId, boolean defaultRegion,
                               double electricityUsdPerKwh, long avgMonthlyIncomeUsd, List<IncomeRow> variants) {
    }

    public record IncomeRow(String variant, double tokenPriceUsdPerHour, double monthlyNetUsd, double annualNetUsd,
                            double pctOfAvgIncome, List<String> cells) {
    }

    /** §5.7, per variant. */
    public record EnvironmentRow(String variant, double dcReplaced, double co2SavedTons, double netCo2SavedTons,
                                 long carsRemoved, double phoneCo2AddedTons, List<String> cells) {
    }

    /** §5.8: devices per year from 5 % of one year's sales, capped at the active devices. */
    public record Growth(double start, long cap, String startCell, List<GrowthRow> variants) {
    }

    public record GrowthRow(String variant, double growth, List<Double> devicesByYear, List<String> cells) {
    }

    /** §5.10: against the breakeven provider's offer, after NHP's operating cost. */
    public record Breakeven(String offer, double perGpuHourUsd, long integrationCostUsd, List<BreakevenRow> variants) {
    }

    /** {@code breakevenMonths} is null when savings never cover the operating cost (printed ∞). */
    public record BreakevenRow(String variant, double coverage, double annualSavingsUsd, double monthlySavingsUsd,
                               double netMonthlyUsd, Double breakevenMonths, double fiveYearNetUsd, double roiPct,
                               List<String> cells) {
    }

    /** §5.11: the integration phases. */
    public record Roadmap(long months, long prototypeEndMonth, String totalCell, List<List<String>> phases) {
    }

    /** §5.12: one risk; {@code id} names the row for the renderer's Arabic label and mitigation text. */
    public record Risk(String id, String risk, String probability, String impact) {
    }
}
