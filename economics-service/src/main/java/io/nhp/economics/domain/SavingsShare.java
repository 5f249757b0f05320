package io.nhp.economics.domain;

import io.nhp.contracts.events.PayoutEvent;
import java.time.Instant;

/** What reaches a partner's savings: a validated job, or an owner's ledger entry for one (exactly one is set). */
public record SavingsShare(String partner, Instant completedAt, JobShare job, PayoutEvent entry) {

    public static SavingsShare of(PricedJob job) {
        return new SavingsShare(job.partner(), job.completedAt(), job.share(), null);
    }

    public static SavingsShare of(PayoutEvent entry) {
        return new SavingsShare(entry.partner(), entry.completedAt(), null, entry);
    }
}
