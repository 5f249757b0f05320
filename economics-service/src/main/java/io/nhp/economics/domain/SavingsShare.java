package io.nhp.economics.domain;

import io.nhp.contracts.events.PayoutEvent;
import java.time.Instant;

/**
 * What reaches a partner's savings: a completed job, or an owner's ledger entry for one (exactly one is set); an
 * entry is {@code platformPaid} when its job was a canary.
 */
public record SavingsShare(String partner, Instant completedAt, JobShare job, PayoutEvent entry, boolean platformPaid) {

    public static SavingsShare of(PricedJob job) {
        return new SavingsShare(job.partner(), job.completedAt(), job.share(), null, false);
    }

    public static SavingsShare of(PayoutEvent entry, boolean platformPaid) {
        return new SavingsShare(entry.partner(), entry.completedAt(), null, entry, platformPaid);
    }
}
