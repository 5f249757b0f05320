package io.nhp.economics.domain;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * One device's part in a validated job, with the prices in force when the job completed: what the owners' ledger
 * credits (exactly once per job and device). {@code platformPaid} for a canary's execution: the owner earns it as
 * any other, but the platform pays it, not the partner.
 */
public record DeviceCredit(String jobId, String deviceId, String ownerId, String partner, String region,
                           Instant completedAt, BigDecimal computeSeconds, BigDecimal tokenRateUsdPerHour,
                           BigDecimal electricityUsdPerKwh, BigDecimal deviceWatts, BigDecimal co2KgPerKwh,
                           boolean platformPaid) {
}
