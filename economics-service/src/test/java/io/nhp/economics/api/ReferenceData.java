package io.nhp.economics.api;

import io.nhp.kafka.testkit.ReferenceSeed;
import java.time.Duration;
import java.time.Instant;

/** The shipped reference data, published once per test run for every test class that needs it. */
final class ReferenceData {

    /** When the seed took effect: before any job a test completes. */
    static final Instant SEEDED = Instant.now().minus(Duration.ofDays(2));
    private static boolean published;

    private ReferenceData() {
    }

    static synchronized void seedOnce(String bootstrapServers) {
        if (!published) {
            ReferenceSeed.publish(bootstrapServers, SEEDED);
            published = true;
        }
    }
}
