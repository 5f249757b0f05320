package io.nhp.economics.domain;

import io.nhp.contracts.events.PayoutEvent;
import io.nhp.contracts.events.SavingsEvent.Savings;
import java.math.BigDecimal;
import java.util.Map;
import java.util.TreeMap;

/**
 * A partner's savings over a window (a minute or a UTC day), as sums of the jobs' and ledger entries' rounded
 * shares: jobs served by phones, cloud GPU-hours they replaced, cost avoided per cloud offer; jobs served by the
 * cloud, their GPU-hours and cost incurred per offer; canaries; results that disagreed with the accepted answer; and
 * what the owners earned (in total and by region, canaries included), of which {@code platformPaid} is the canaries'
 * part, paid by the platform rather than the partner.
 */
public record SavingsTally(long jobs, BigDecimal gpuHours, Map<String, BigDecimal> avoidedCostUsd,
                           PayoutAmounts owners, Map<String, PayoutAmounts> ownersByRegion,
                           long cloudJobs, BigDecimal cloudGpuHours, Map<String, BigDecimal> cloudCostUsd,
                           long canaryJobs, PayoutAmounts platformPaid, long dissentingResults) {

    public static final SavingsTally EMPTY = new SavingsTally(0, Money.zero(Money.QUANTITY_SCALE), Map.of(),
            PayoutAmounts.ZERO, Map.of(), 0, Money.zero(Money.QUANTITY_SCALE), Map.of(), 0, PayoutAmounts.ZERO, 0);

    public SavingsTally {
        avoidedCostUsd = new TreeMap<>(avoidedCostUsd);
        ownersByRegion = new TreeMap<>(ownersByRegion);
        // days stored before the cloud and canaries were counted had none
        cloudGpuHours = cloudGpuHours == null ? Money.zero(Money.QUANTITY_SCALE) : cloudGpuHours;
        cloudCostUsd = cloudCostUsd == null ? new TreeMap<>() : new TreeMap<>(cloudCostUsd);
        platformPaid = platformPaid == null ? PayoutAmounts.ZERO : platformPaid;
    }

    /** Plus another tally (a job's or an entry's share). */
    public SavingsTally plus(SavingsTally share) {
        Map<String, PayoutAmounts> regions = new TreeMap<>(ownersByRegion);
        share.ownersByRegion.forEach((region, amounts) -> regions.merge(region, amounts, PayoutAmounts::plus));
        return new SavingsTally(jobs + share.jobs, gpuHours.add(share.gpuHours),
                merge(avoidedCostUsd, share.avoidedCostUsd), owners.plus(share.owners), regions,
                cloudJobs + share.cloudJobs, cloudGpuHours.add(share.cloudGpuHours),
                merge(cloudCostUsd, share.cloudCostUsd), canaryJobs + share.canaryJobs,
                platformPaid.plus(share.platformPaid), dissentingResults + share.dissentingResults);
    }

    /** The share of one ledger entry: what its owner earned, under the entry's region; a canary's, paid by the platform. */
    public static SavingsTally ofEntry(PayoutEvent entry, boolean platformPaid) {
        PayoutAmounts amounts = PayoutAmounts.ZERO.plus(entry);
        String region = entry.region() == null ? PriceBook.DEFAULT_REGION : entry.region();
        return new SavingsTally(0, Money.zero(Money.QUANTITY_SCALE), Map.of(), amounts, Map.of(region, amounts),
                0, Money.zero(Money.QUANTITY_SCALE), Map.of(), 0, platformPaid ? amounts : PayoutAmounts.ZERO, 0);
    }

    /**
     * As published: payouts are the owners' gross token earnings for the partner's work (what the partner pays:
     * the canaries' are the platform's); net = avoided − payouts. The owners' electricity, net, energy and CO2 are
     * of all their phones' work, canaries included.
     */
    public Savings toSavings(String partner, java.time.Instant start, java.time.Instant end) {
        BigDecimal partnerPays = partnerPayoutsUsd();
        Map<String, BigDecimal> net = new TreeMap<>();
        avoidedCostUsd.forEach((offer, usd) -> net.put(offer, usd.subtract(partnerPays)));
        return new Savings(partner, start, end, jobs, gpuHours, avoidedCostUsd, partnerPays, net,
                owners.electricityUsd(), owners.netUsd(), owners.energyKwh(), owners.co2Kg(), cloudJobs, cloudGpuHours,
                cloudCostUsd, canaryJobs, platformPaid.grossUsd(), dissentingResults);
    }

    /** The owners' gross earnings the partner pays: all but the canaries'. */
    public BigDecimal partnerPayoutsUsd() {
        return owners.grossUsd().subtract(platformPaid.grossUsd());
    }

    private static Map<String, BigDecimal> merge(Map<String, BigDecimal> a, Map<String, BigDecimal> b) {
        Map<String, BigDecimal> sum = new TreeMap<>(a);
        b.forEach((offer, usd) -> sum.merge(offer, usd, BigDecimal::add));
        return sum;
    }
}
