package io.nhp.economics.domain;

import java.math.BigDecimal;
import java.util.Map;

/**
 * A completed job as the savings see it: who served it, its GPU-seconds, the price of a GPU-hour at each cloud offer
 * when it completed (offer id → USD), and how many devices' results disagreed with the accepted answer. Phones'
 * GPU-seconds are cloud cost avoided, the cloud's are cloud cost incurred, a canary's are neither.
 */
public record JobShare(String jobId, BigDecimal gpuSeconds, Map<String, BigDecimal> gpuHourPrices, Served served,
                       long dissentingResults) {

    /** Who delivered the answer, as the partner's savings count it. */
    public enum Served {
        /** The partner's phones, by validated agreement: cost avoided, owners paid by the partner. */
        PHONES,
        /** The partner's cloud fallback: cost incurred, nobody paid. */
        CLOUD,
        /** A platform check with a known answer: owners paid by the platform, no partner work replaced. */
        CANARY
    }

    public JobShare {
        // shares in flight on the repartition topic before the field existed were phones' jobs
        served = served == null ? Served.PHONES : served;
    }
}
