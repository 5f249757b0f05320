package io.nhp.jobs.cloud;

import io.nhp.jobs.config.EmbeddingsConfig;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Not ready while the preloaded fallback model loads (a few seconds after start): until then a request that needs
 * the cloud fallback would wait for it or get 503. Ready once it is loaded, and also when it could not be loaded —
 * the job API does not need it, so that is said in the check's data (and /v1 answers 503 for what phones do not
 * serve) rather than taking the whole service out of traffic.
 */
@Readiness
@ApplicationScoped
public class FallbackReadiness implements HealthCheck {

    private final Fallback fallback;
    private final EmbeddingsConfig config;

    FallbackReadiness(Fallback fallback, EmbeddingsConfig config) {
        this.fallback = fallback;
        this.config = config;
    }

    @Override
    public HealthCheckResponse call() {
        var response = HealthCheckResponse.named("embeddings-fallback").up();
        String failure = fallback.failure();
        if (fallback.loaded()) {
            response.withData("model", "loaded");
        } else if (failure != null) {
            response.withData("model", "could not be loaded: " + failure);
        } else if (config.preload()) {
            response.down().withData("model", "loading");
        } else {
            response.withData("model", "loads at its first use");
        }
        return response.build();
    }
}
