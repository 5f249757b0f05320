package io.nhp.economics.domain;

import io.nhp.contracts.events.JobCompletedEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A validated job priced at the reference data in force when it completed: its savings share (GPU-seconds and the
 * GPU-hour price at every cloud offer) and one credit per executing device (token rate of the live tier, the
 * device region's electricity price, the phone's extra watts and the grid's CO2 factor).
 */
public record PricedJob(String jobId, String partner, Instant completedAt, JobShare share,
                        List<DeviceCredit> credits) {

    /** The job priced; {@link PriceBook.Missing} if the reference data lacks something it needs. */
    public static PricedJob price(JobCompletedEvent job, PriceBook prices, String payoutTier) {
        Instant at = job.eventTime();
        JobShare share = new JobShare(job.jobId(), Money.decimal(job.gpuSeconds()), prices.gpuHourPrices(at));
        List<DeviceCredit> credits = new ArrayList<>();
        Set<String> credited = new HashSet<>();
        for (JobCompletedEvent.Execution execution : job.executions()) {
            if (!credited.add(execution.deviceId())) {
                continue; // a device is credited once per job, whatever the event says
            }
            String region = execution.region() == null ? PriceBook.DEFAULT_REGION : execution.region();
            credits.add(new DeviceCredit(job.jobId(), execution.deviceId(), execution.ownerId(), job.partner(), region,
                    at, Money.decimal(execution.deviceSeconds()), prices.tokenRate(payoutTier, at),
                    prices.electricityPrice(region, at), prices.constant("device_extra_watt", at),
                    prices.constant("co2_per_kwh_kg", at)));
        }
        return new PricedJob(job.jobId(), job.partner(), at, share, credits);
    }
}
