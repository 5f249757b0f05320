package io.nhp.economics.domain;

import io.nhp.contracts.events.JobCompletedEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A completed job priced at the reference data in force when it completed: its savings share (who served it,
 * GPU-seconds and the GPU-hour price at every cloud offer) and one credit per executing device (token rate of the
 * live tier, the device region's electricity price, the phone's extra watts and the grid's CO2 factor). A job served
 * by the cloud credits nobody, whatever executions the event lists; a canary's credits are paid by the platform.
 */
public record PricedJob(String jobId, String partner, Instant completedAt, JobShare share,
                        List<DeviceCredit> credits) {

    /**
     * The most seconds a job's figures may carry: a day. A task's GPU-seconds are at most an hour in the catalog
     * ({@code training_small}), and a phone's execution is bounded by the job's deadline; a figure beyond a day (or
     * negative, or not a finite number, as JSON's {@code 1e400} is read) is a broken event, not work to pay for.
     */
    public static final double MAX_SECONDS = 86_400;

    /** A job whose figures cannot be priced: not finite, negative or beyond {@link #MAX_SECONDS}. */
    public static final class Invalid extends RuntimeException {
        Invalid(String what) {
            super(what);
        }
    }

    /**
     * The job priced; {@link Invalid} if its figures are out of bounds, {@link PriceBook.Missing} if the reference
     * data lacks something it needs. Nothing is computed from a figure before all have been checked.
     */
    public static PricedJob price(JobCompletedEvent job, PriceBook prices, String payoutTier) {
        check(job);
        Instant at = job.eventTime();
        JobShare.Served served = job.canary() ? JobShare.Served.CANARY
                : job.servedByCloud() ? JobShare.Served.CLOUD : JobShare.Served.PHONES;
        JobShare share = new JobShare(job.jobId(), Money.decimal(job.gpuSeconds()), prices.gpuHourPrices(at), served,
                new HashSet<>(job.dissentingDevices()).size());
        List<DeviceCredit> credits = new ArrayList<>();
        Set<String> credited = new HashSet<>();
        // the cloud's answer is not the phones' work: nobody is paid for it
        List<JobCompletedEvent.Execution> paid = job.servedByCloud() ? List.of() : job.executions();
        for (JobCompletedEvent.Execution execution : paid) {
            if (!credited.add(execution.deviceId())) {
                continue; // a device is credited once per job, whatever the event says
            }
            String region = execution.region() == null ? PriceBook.DEFAULT_REGION : execution.region();
            credits.add(new DeviceCredit(job.jobId(), execution.deviceId(), execution.ownerId(), job.partner(), region,
                    at, Money.decimal(execution.deviceSeconds()), prices.tokenRate(payoutTier, at),
                    prices.electricityPrice(region, at), prices.constant("device_extra_watt", at),
                    prices.constant("co2_per_kwh_kg", at), job.canary()));
        }
        return new PricedJob(job.jobId(), job.partner(), at, share, credits);
    }

    private static void check(JobCompletedEvent job) {
        seconds(job.gpuSeconds(), "gpuSeconds");
        for (JobCompletedEvent.Execution execution : job.executions()) {
            seconds(execution.deviceSeconds(), "deviceSeconds of device " + execution.deviceId());
        }
    }

    private static void seconds(Double value, String what) {
        // NaN fails every comparison, so it is refused with the infinities
        if (value != null && !(value >= 0 && value <= MAX_SECONDS)) {
            throw new Invalid(what + " is " + value + "; must be a finite number of seconds from 0 to "
                    + (long) MAX_SECONDS);
        }
    }
}
