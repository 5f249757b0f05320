package io.nhp.report.pages;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.nhp.contracts.events.CapacityEvent;
import io.nhp.contracts.events.SavingsEvent.Savings;
import io.nhp.report.render.Svg;
import io.nhp.report.views.LiveFleet;
import io.nhp.report.views.LiveSavings;
import io.nhp.service.security.Viewer;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The home page's figures: every partner's live capacity, today's requests served by phones and by the cloud, cost
 * avoided (gross and net of payouts) against cost incurred, payouts, dishonest results caught, and two charts.
 */
@ApplicationScoped
public class Dashboard {

    /**
     * One partner's row; savings today are the cost avoided at the cheapest and the dearest cloud offer, gross and
     * net of the partner's payouts, and the cloud cost its fallback incurred at the same offers. {@code jobsToday}
     * are the requests phones served, {@code cloudJobsToday} those the cloud served. Jobs and money are null for a
     * viewer who may not see that partner's figures.
     */
    public record Row(String partner, long registeredDevices, long onlineDevices, long eligibleDevices, double tops,
                      Double h100Equivalent, Double observedUptime, String nearestScenario, Long jobsToday,
                      BigDecimal avoidedTodayMinUsd, BigDecimal avoidedTodayMaxUsd, BigDecimal payoutsTodayUsd,
                      Instant asOf, Long cloudJobsToday, BigDecimal netAvoidedTodayMinUsd,
                      BigDecimal netAvoidedTodayMaxUsd, BigDecimal cloudCostTodayMinUsd,
                      BigDecimal cloudCostTodayMaxUsd, Long dishonestResultsToday) {

        /** The observed uptime as people read it ({@code 24.8 %}), beside the raw share the API gives. */
        @JsonProperty
        public String observedUptimePercent() {
            return observedUptime == null ? null : String.format(Locale.ROOT, "%.1f %%", observedUptime * 100);
        }
    }

    /** The whole page's live part, as the SSE stream sends it. */
    public record Snapshot(long onlineDevices, List<Row> partners, String computeChart, String savingsChart) {

        /** Whether any row shows its jobs and money. */
        public boolean moneyShown() {
            return partners.stream().anyMatch(r -> r.jobsToday() != null);
        }
    }

    /** A partner's day before its first job. */
    private static final Savings NONE = new Savings("-", Instant.EPOCH, Instant.EPOCH, 0L, BigDecimal.ZERO, Map.of(),
            BigDecimal.ZERO, Map.of(), null, null, null, null);

    private final LiveFleet fleet;
    private final LiveSavings savings;

    /** Public so that a test outside the module can feed it economics-service's real output. */
    public Dashboard(LiveFleet fleet, LiveSavings savings) {
        this.fleet = fleet;
        this.savings = savings;
    }

    /** The figures as {@code viewer} may see them: the money rows of the partners it may see, and their chart. */
    public Snapshot snapshot(Viewer viewer) {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        TreeSet<String> partners = new TreeSet<>();
        fleet.partners().forEach(c -> partners.add(c.partner()));
        partners.addAll(savings.partners());
        List<Row> rows = new ArrayList<>();
        for (String partner : partners) {
            Optional<CapacityEvent> capacity = fleet.partner(partner);
            Optional<Savings> day = viewer.sees(partner) ? Optional.of(savings.day(partner, today).orElse(NONE))
                    : Optional.empty();
            Collection<BigDecimal> avoided = day.map(s -> s.avoidedCostUsd().values()).orElse(List.of());
            Collection<BigDecimal> net = day.map(s -> s.netSavingsUsd().values()).orElse(List.of());
            Collection<BigDecimal> incurred = day.map(s -> s.cloudCostUsd().values()).orElse(List.of());
            rows.add(new Row(partner,
                    capacity.map(c -> c.registeredDevices() == null ? 0 : c.registeredDevices()).orElse(0L),
                    capacity.map(CapacityEvent::onlineDevices).orElse(0L),
                    capacity.map(CapacityEvent::eligibleDevices).orElse(0L),
                    capacity.map(c -> c.tops() == null ? 0.0 : c.tops()).orElse(0.0),
                    capacity.map(CapacityEvent::h100Equivalent).orElse(null),
                    capacity.map(CapacityEvent::observedUptime).orElse(null),
                    capacity.map(CapacityEvent::nearestScenario).orElse(null),
                    day.map(Savings::jobs).orElse(null),
                    day.map(s -> min(avoided)).orElse(null),
                    day.map(s -> max(avoided)).orElse(null),
                    day.map(s -> s.payoutsUsd() == null ? BigDecimal.ZERO : s.payoutsUsd()).orElse(null),
                    capacity.map(CapacityEvent::asOf).orElse(null),
                    day.map(Savings::cloudJobs).orElse(null),
                    day.map(s -> min(net)).orElse(null),
                    day.map(s -> max(net)).orElse(null),
                    day.map(s -> min(incurred)).orElse(null),
                    day.map(s -> max(incurred)).orElse(null),
                    day.map(Savings::dissentingResults).orElse(null)));
        }
        return new Snapshot(fleet.onlineDevices(), rows, computeChart(rows), savingsChart(rows));
    }

    private static BigDecimal min(Collection<BigDecimal> perOffer) {
        return perOffer.stream().min(BigDecimal::compareTo).orElse(BigDecimal.ZERO);
    }

    private static BigDecimal max(Collection<BigDecimal> perOffer) {
        return perOffer.stream().max(BigDecimal::compareTo).orElse(BigDecimal.ZERO);
    }

    private static String computeChart(List<Row> rows) {
        if (rows.isEmpty()) {
            return "";
        }
        return Svg.bars("Eligible compute now (H100-equivalents)", rows.stream().map(Row::partner).toList(),
                List.of(new Svg.Series("H100-equivalents", "#3498DB", rows.stream()
                        .map(r -> r.h100Equivalent() == null ? 0.0 : r.h100Equivalent()).toList())), null, "");
    }

    private static String savingsChart(List<Row> all) {
        List<Row> rows = all.stream().filter(r -> r.jobsToday() != null).toList();
        if (rows.isEmpty()) {
            return "";
        }
        List<Svg.Series> series = new ArrayList<>(List.of(new Svg.Series("Avoided, dearest offer", "#2ECC71",
                        rows.stream().map(r -> r.avoidedTodayMaxUsd().doubleValue()).toList()),
                new Svg.Series("Avoided, cheapest offer", "#A3E4D7",
                        rows.stream().map(r -> r.avoidedTodayMinUsd().doubleValue()).toList()),
                new Svg.Series("Owner payouts", "#E67E22",
                        rows.stream().map(r -> r.payoutsTodayUsd().doubleValue()).toList())));
        // the cost the fallback incurred shows beside what phones avoided, once the cloud has served anything
        if (rows.stream().anyMatch(r -> r.cloudJobsToday() > 0)) {
            series.add(new Svg.Series("Cloud cost incurred, dearest offer", "#E74C3C",
                    rows.stream().map(r -> r.cloudCostTodayMaxUsd().doubleValue()).toList()));
            return Svg.bars("Today (UTC): cloud cost avoided, owner payouts and cloud cost incurred",
                    rows.stream().map(Row::partner).toList(), series, null, "$");
        }
        return Svg.bars("Today (UTC): cloud cost avoided and owner payouts", rows.stream().map(Row::partner).toList(),
                series, null, "$");
    }
}
