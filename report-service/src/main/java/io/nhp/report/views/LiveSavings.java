package io.nhp.report.views;

import io.nhp.contracts.events.SavingsEvent;
import io.nhp.contracts.events.SavingsEvent.Savings;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * What each partner saved, from economics-service's savings events: the latest running total of every UTC day (the
 * {@code io.nhp.savings.daily} events; the topic keeps 30 days) and the time of the last update.
 */
@ApplicationScoped
public class LiveSavings {

    /** A partner's days and when they last changed. */
    public record PartnerSavings(Map<LocalDate, Savings> days, Instant updatedAt) {
    }

    /** Events a partner's stream may fall behind by. */
    static final int SUBSCRIBER_BUFFER = 1024;

    private final ConcurrentMap<String, PartnerSavings> byPartner = new ConcurrentHashMap<>();
    /** Every savings event as it arrives, for the partners' live streams (hot: subscribers see what comes next). */
    private final BroadcastProcessor<SavingsEvent> arrivals = BroadcastProcessor.create();

    public void update(SavingsEvent event) {
        arrivals.onNext(event);
        if (!SavingsEvent.DAILY_TYPE.equals(event.type())) {
            return; // the minutes add up to the days; the days are what the views show
        }
        Savings day = event.data();
        byPartner.compute(day.partner(), (partner, current) -> {
            Map<LocalDate, Savings> days = new TreeMap<>(current == null ? Map.of() : current.days());
            days.put(day.windowStart().atZone(ZoneOffset.UTC).toLocalDate(), day);
            Instant updated = current == null || event.time().isAfter(current.updatedAt()) ? event.time() : current.updatedAt();
            return new PartnerSavings(days, updated);
        });
    }

    /**
     * The savings events of a partner from now on. Each subscriber gets its own bounded buffer: the processor does not
     * wait for demand, and a minute and its day arrive together while an SSE client asks for one event at a time
     * (without it the second event failed the stream). A subscriber more than {@value #SUBSCRIBER_BUFFER} events behind
     * has its stream ended with an error, and reconnects.
     */
    public Multi<SavingsEvent> arrivals(String partner) {
        return arrivals.filter(event -> partner.equals(event.subject())).onOverflow().buffer(SUBSCRIBER_BUFFER);
    }

    /** Everything the partner saved so far (the days the topic still holds), and when it last changed. */
    public Optional<Savings> toDate(String partner) {
        PartnerSavings savings = byPartner.get(partner);
        if (savings == null || savings.days().isEmpty()) {
            return Optional.empty();
        }
        return savings.days().values().stream().reduce(LiveSavings::plus);
    }

    /** The partners with savings. */
    public java.util.Set<String> partners() {
        return java.util.Set.copyOf(byPartner.keySet());
    }

    /** The partner's running total for a UTC day. */
    public Optional<Savings> day(String partner, LocalDate day) {
        PartnerSavings savings = byPartner.get(partner);
        return savings == null ? Optional.empty() : Optional.ofNullable(savings.days().get(day));
    }

    public Optional<Instant> updatedAt(String partner) {
        return Optional.ofNullable(byPartner.get(partner)).map(PartnerSavings::updatedAt);
    }

    static Savings plus(Savings a, Savings b) {
        return new Savings(a.partner(), min(a.windowStart(), b.windowStart()), max(a.windowEnd(), b.windowEnd()),
                a.jobs() + b.jobs(), add(a.gpuHours(), b.gpuHours()), merge(a.avoidedCostUsd(), b.avoidedCostUsd()),
                add(a.payoutsUsd(), b.payoutsUsd()), merge(a.netSavingsUsd(), b.netSavingsUsd()),
                add(a.ownerElectricityUsd(), b.ownerElectricityUsd()), add(a.ownerNetUsd(), b.ownerNetUsd()),
                add(a.energyKwh(), b.energyKwh()), add(a.co2Kg(), b.co2Kg()), a.cloudJobs() + b.cloudJobs(),
                add(a.cloudGpuHours(), b.cloudGpuHours()), merge(a.cloudCostUsd(), b.cloudCostUsd()),
                a.canaryJobs() + b.canaryJobs(), add(a.platformPayoutsUsd(), b.platformPayoutsUsd()),
                a.dissentingResults() + b.dissentingResults());
    }

    private static BigDecimal add(BigDecimal a, BigDecimal b) {
        return a == null ? b : b == null ? a : a.add(b);
    }

    private static Map<String, BigDecimal> merge(Map<String, BigDecimal> a, Map<String, BigDecimal> b) {
        Map<String, BigDecimal> sum = new TreeMap<>(a);
        b.forEach((offer, usd) -> sum.merge(offer, usd, BigDecimal::add));
        return sum;
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }
}
