package io.nhp.economics.domain;

import java.math.BigDecimal;
import java.util.Map;

/**
 * A validated job as the savings see it: the cloud GPU-seconds it replaced and the price of a GPU-hour at each
 * cloud offer when it completed (offer id → USD).
 */
public record JobShare(String jobId, BigDecimal gpuSeconds, Map<String, BigDecimal> gpuHourPrices) {
}
