package io.nhp.jobs.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Settings of the OpenAI-compatible embeddings API ({@code nhp.embeddings.*}). */
@ConfigMapping(prefix = "nhp.embeddings")
public interface EmbeddingsConfig {

    /** How long a request may take when it names no budget (header {@code x-nhp-latency-budget-ms}). */
    @WithDefault("PT3S")
    Duration latencyBudget();

    /** The longest budget a request may ask for. */
    @WithDefault("PT60S")
    Duration maxLatencyBudget();

    /** Phones of distinct owners that must agree on an input's vector. */
    @WithDefault("2")
    int redundancy();

    /** Time kept at the end of the budget for the fallback, before the per-input share. */
    @WithDefault("PT0.15S")
    Duration fallbackReserve();

    /** Time kept per input the fallback may have to compute (about twice one core's 8 ms). */
    @WithDefault("PT0.015S")
    Duration fallbackPerInput();

    /** Load the fallback model when the service starts (in the background), rather than at the first request. */
    @WithDefault("true")
    boolean preload();
}
