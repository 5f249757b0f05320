package io.nhp.economics.domain;

import io.nhp.contracts.events.PayoutEvent;
import java.math.BigDecimal;
import java.util.Map;
import java.util.TreeMap;

/**
 * A partner's UTC day: the published tally, and the exact running sums the job shares are rounded from
 * (GPU-seconds, and GPU-seconds × GPU-hour price per offer), kept apart for the phones' jobs (cost avoided) and the
 * cloud's (cost incurred).
 */
public record SavingsDay(SavingsTally tally, BigDecimal gpuSeconds, Map<String, BigDecimal> gpuUsdSeconds,
                         BigDecimal cloudGpuSeconds, Map<String, BigDecimal> cloudGpuUsdSeconds) {

    public static final SavingsDay EMPTY = new SavingsDay(SavingsTally.EMPTY, BigDecimal.ZERO, Map.of(),
            BigDecimal.ZERO, Map.of());

    public SavingsDay {
        gpuUsdSeconds = new TreeMap<>(gpuUsdSeconds);
        // days stored before the cloud's jobs were counted had none
        cloudGpuSeconds = cloudGpuSeconds == null ? BigDecimal.ZERO : cloudGpuSeconds;
        cloudGpuUsdSeconds = cloudGpuUsdSeconds == null ? new TreeMap<>() : new TreeMap<>(cloudGpuUsdSeconds);
    }

    /** The day after a completed job, and the job's share of it. */
    public Added plusJob(JobShare job) {
        return switch (job.served()) {
            case PHONES -> {
                Rounded avoided = rounded(gpuSeconds, gpuUsdSeconds, job);
                SavingsTally share = new SavingsTally(1, avoided.hours(), avoided.usd(), PayoutAmounts.ZERO, Map.of(),
                        0, Money.zero(Money.QUANTITY_SCALE), Map.of(), 0, PayoutAmounts.ZERO, job.dissentingResults());
                yield new Added(new SavingsDay(tally.plus(share), avoided.seconds(), avoided.usdSeconds(),
                        cloudGpuSeconds, cloudGpuUsdSeconds), share);
            }
            case CLOUD -> {
                Rounded incurred = rounded(cloudGpuSeconds, cloudGpuUsdSeconds, job);
                SavingsTally share = new SavingsTally(0, Money.zero(Money.QUANTITY_SCALE), Map.of(),
                        PayoutAmounts.ZERO, Map.of(), 1, incurred.hours(), incurred.usd(), 0, PayoutAmounts.ZERO,
                        job.dissentingResults());
                yield new Added(new SavingsDay(tally.plus(share), gpuSeconds, gpuUsdSeconds, incurred.seconds(),
                        incurred.usdSeconds()), share);
            }
            case CANARY -> {
                // a check with a known answer replaces no partner work: counted, and its dissent caught, nothing else
                SavingsTally share = new SavingsTally(0, Money.zero(Money.QUANTITY_SCALE), Map.of(),
                        PayoutAmounts.ZERO, Map.of(), 0, Money.zero(Money.QUANTITY_SCALE), Map.of(), 1,
                        PayoutAmounts.ZERO, job.dissentingResults());
                yield new Added(new SavingsDay(tally.plus(share), gpuSeconds, gpuUsdSeconds, cloudGpuSeconds,
                        cloudGpuUsdSeconds), share);
            }
        };
    }

    /** The day after a ledger entry, and the entry's share of it. */
    public Added plusEntry(PayoutEvent entry, boolean platformPaid) {
        SavingsTally share = SavingsTally.ofEntry(entry, platformPaid);
        return new Added(new SavingsDay(tally.plus(share), gpuSeconds, gpuUsdSeconds, cloudGpuSeconds,
                cloudGpuUsdSeconds), share);
    }

    /** A job's GPU-hours and USD per offer, each rounded from the exact running sums before and after it. */
    private static Rounded rounded(BigDecimal secondsBefore, Map<String, BigDecimal> usdSecondsBefore, JobShare job) {
        BigDecimal seconds = secondsBefore.add(job.gpuSeconds());
        Map<String, BigDecimal> usdSeconds = new TreeMap<>(usdSecondsBefore);
        Map<String, BigDecimal> usd = new TreeMap<>();
        job.gpuHourPrices().forEach((offer, price) -> {
            BigDecimal before = usdSecondsBefore.getOrDefault(offer, BigDecimal.ZERO);
            BigDecimal after = before.add(job.gpuSeconds().multiply(price));
            usdSeconds.put(offer, after);
            usd.put(offer, Money.share(before, after, Money.SECONDS_PER_HOUR, Money.USD_SCALE));
        });
        return new Rounded(seconds, usdSeconds,
                Money.share(secondsBefore, seconds, Money.SECONDS_PER_HOUR, Money.QUANTITY_SCALE), usd);
    }

    private record Rounded(BigDecimal seconds, Map<String, BigDecimal> usdSeconds, BigDecimal hours,
                           Map<String, BigDecimal> usd) {
    }

    /** A day with one more job or entry, and what that added. */
    public record Added(SavingsDay day, SavingsTally share) {
    }
}
