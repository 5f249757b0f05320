package io.nhp.report.live;

import io.nhp.contracts.events.CapacityEvent;
import io.nhp.contracts.events.SavingsEvent.Savings;
import io.nhp.report.report.Svg;
import io.nhp.service.security.Viewer;
import io.nhp.report.views.LiveSavings;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/** The home page's figures: every partner's live capacity, savings today and payouts today, and two charts. */
@ApplicationScoped
public class Dashboard {

    /**
     * One partner's row; savings today are the cost avoided at the cheapest and the dearest cloud offer. Jobs and
     * money are null for a viewer who may not see that partner's figures.
     */
    public record Row(String partner, long registeredDevices, long onlineDevices, long eligibleDevices, double tops,
                      Double h100Equivalent, Double observedUptime, String nearestScenario, Long jobsToday,
                      BigDecimal avoidedTodayMinUsd, BigDecimal avoidedTodayMaxUsd, BigDecimal payoutsTodayUsd,
                      Instant asOf) {
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

    Dashboard(LiveFleet fleet, LiveSavings savings) {
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
            rows.add(new Row(partner,
                    capacity.map(c -> c.registeredDevices() == null ? 0 : c.registeredDevices()).orElse(0L),
                    capacity.map(CapacityEvent::onlineDevices).orElse(0L),
                    capacity.map(CapacityEvent::eligibleDevices).orElse(0L),
                    capacity.map(c -> c.tops() == null ? 0.0 : c.tops()).orElse(0.0),
                    capacity.map(CapacityEvent::h100Equivalent).orElse(null),
                    capacity.map(CapacityEvent::observedUptime).orElse(null),
                    capacity.map(CapacityEvent::nearestScenario).orElse(null),
                    day.map(Savings::jobs).orElse(null),
                    day.map(s -> avoided.stream().min(BigDecimal::compareTo).orElse(BigDecimal.ZERO)).orElse(null),
                    day.map(s -> avoided.stream().max(BigDecimal::compareTo).orElse(BigDecimal.ZERO)).orElse(null),
                    day.map(s -> s.payoutsUsd() == null ? BigDecimal.ZERO : s.payoutsUsd()).orElse(null),
                    capacity.map(CapacityEvent::asOf).orElse(null)));
        }
        return new Snapshot(fleet.onlineDevices(), rows, computeChart(rows), savingsChart(rows));
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
        return Svg.bars("Today (UTC): cloud cost avoided and owner payouts", rows.stream().map(Row::partner).toList(),
                List.of(new Svg.Series("Avoided, dearest offer", "#2ECC71",
                                rows.stream().map(r -> r.avoidedTodayMaxUsd().doubleValue()).toList()),
                        new Svg.Series("Avoided, cheapest offer", "#A3E4D7",
                                rows.stream().map(r -> r.avoidedTodayMinUsd().doubleValue()).toList()),
                        new Svg.Series("Owner payouts", "#E67E22",
                                rows.stream().map(r -> r.payoutsTodayUsd().doubleValue()).toList())), null, "$");
    }
}
