package io.nhp.registry.ingest;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;

/** Counts refused heartbeats by reason ({@code nhp.heartbeats.rejected{reason}}), a reason per status. */
@ApplicationScoped
public class Rejections {

    private final MeterRegistry meters;

    Rejections(MeterRegistry meters) {
        this.meters = meters;
    }

    public void count(int status) {
        meters.counter("nhp.heartbeats.rejected", "reason", reasonOf(status)).increment();
    }

    static String reasonOf(int status) {
        return switch (status) {
            case 400 -> "invalid";
            case 401 -> "unauthenticated";
            case 403 -> "wrong_device";
            case 404 -> "unknown_device";
            case 413 -> "too_large";
            case 429 -> "rate_limited";
            case 503 -> "unavailable";
            default -> "other";
        };
    }
}
