package io.nhp.economics.domain;

import io.nhp.contracts.events.PayoutEvent;
import java.math.BigDecimal;
import java.util.Map;
import java.util.TreeMap;

/**
 * A partner's UTC day: the published tally, and the exact running sums the job shares are rounded from
 * (GPU-seconds, and GPU-seconds × GPU-hour price per offer).
 */
public record SavingsDay(SavingsTally tally, BigDecimal gpuSeconds, Map<String, BigDecimal> gpuUsdSeconds) {

    public static final SavingsDay EMPTY = new SavingsDay(SavingsTally.EMPTY, BigDecimal.ZERO, Map.of());

    public SavingsDay {
        gpuUsdSeconds = new TreeMap<>(gpuUsdSeconds);
    }

    /** The day after a validated job, and the job's share of it. */
    public Added plusJob(JobShare job) {
        BigDecimal seconds = gpuSeconds.add(job.gpuSeconds());
        Map<String, BigDecimal> usdSeconds = new TreeMap<>(gpuUsdSeconds);
        Map<String, BigDecimal> avoided = new TreeMap<>();
        job.gpuHourPrices().forEach((offer, price) -> {
            BigDecimal before = gpuUsdSeconds.getOrDefault(offer, BigDecimal.ZERO);
            BigDecimal after = before.add(job.gpuSeconds().multiply(price));
            usdSeconds.put(offer, after);
            avoided.put(offer, Money.share(before, after, Money.SECONDS_PER_HOUR, Money.USD_SCALE));
        });
        SavingsTally share = new SavingsTally(1,
                Money.share(gpuSeconds, seconds, Money.SECONDS_PER_HOUR, Money.QUANTITY_SCALE), avoided,
                PayoutAmounts.ZERO, Map.of());
        return new Added(new SavingsDay(tally.plus(share), seconds, usdSeconds), share);
    }

    /** The day after a ledger entry, and the entry's share of it. */
    public Added plusEntry(PayoutEvent entry) {
        SavingsTally share = SavingsTally.ofEntry(entry);
        return new Added(new SavingsDay(tally.plus(share), gpuSeconds, gpuUsdSeconds), share);
    }

    /** A day with one more job or entry, and what that added. */
    public record Added(SavingsDay day, SavingsTally share) {
    }
}
