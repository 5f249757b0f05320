package io.nhp.economics.domain;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * One device's part in a validated job, with the prices in force when the job completed: what the owners' ledger
 * credits (exactly once per job and device).
 */
public record DeviceCredit(String jobId, String deviceId, String ownerId, String partner, String region,
                           Instant completedAt, BigDecimal computeSeconds, BigDecimal tokenRateUsdPerHour,
                           BigDecimal electricityUsdPerKwh, BigDecimal deviceWatts, BigDecimal co2KgPerKwh) {
}
