package io.nhp.economics.domain;

import io.nhp.contracts.events.PayoutEvent;
import io.nhp.contracts.events.SavingsEvent.Savings;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * A partner's savings over a window (a minute or a UTC day), as sums of the jobs' and ledger entries' rounded
 * shares: validated jobs, cloud GPU-hours they replaced, cost avoided per cloud offer, and what the owners earned
 * (in total and by region).
 */
public record SavingsTally(long jobs, BigDecimal gpuHours, Map<String, BigDecimal> avoidedCostUsd,
                           PayoutAmounts owners, Map<String, PayoutAmounts> ownersByRegion) {

    public static final SavingsTally EMPTY = new SavingsTally(0, Money.zero(Money.QUANTITY_SCALE), Map.of(),
            PayoutAmounts.ZERO, Map.of());

    public SavingsTally {
        avoidedCostUsd = new TreeMap<>(avoidedCostUsd);
        ownersByRegion = new TreeMap<>(ownersByRegion);
    }

    /** Plus another tally (a job's or an entry's share). */
    public SavingsTally plus(SavingsTally share) {
        Map<String, BigDecimal> avoided = new TreeMap<>(avoidedCostUsd);
        share.avoidedCostUsd.forEach((offer, usd) -> avoided.merge(offer, usd, BigDecimal::add));
        Map<String, PayoutAmounts> regions = new TreeMap<>(ownersByRegion);
        share.ownersByRegion.forEach((region, amounts) -> regions.merge(region, amounts, PayoutAmounts::plus));
        return new SavingsTally(jobs + share.jobs, gpuHours.add(share.gpuHours), avoided, owners.plus(share.owners),
                regions);
    }

    /** The share of one ledger entry: what its owner earned, under the entry's region. */
    public static SavingsTally ofEntry(PayoutEvent entry) {
        PayoutAmounts amounts = PayoutAmounts.ZERO.plus(entry);
        String region = entry.region() == null ? PriceBook.DEFAULT_REGION : entry.region();
        return new SavingsTally(0, Money.zero(Money.QUANTITY_SCALE), Map.of(), amounts, Map.of(region, amounts));
    }

    /** As published: payouts are the owners' gross token earnings (what the partner pays); net = avoided − payouts. */
    public Savings toSavings(String partner, Instant start, Instant end) {
        Map<String, BigDecimal> net = new TreeMap<>();
        avoidedCostUsd.forEach((offer, usd) -> net.put(offer, usd.subtract(owners.grossUsd())));
        return new Savings(partner, start, end, jobs, gpuHours, avoidedCostUsd, owners.grossUsd(), net,
                owners.electricityUsd(), owners.netUsd(), owners.energyKwh(), owners.co2Kg());
    }
}
