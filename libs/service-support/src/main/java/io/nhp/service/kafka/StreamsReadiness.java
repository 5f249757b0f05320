package io.nhp.service.kafka;

import org.apache.kafka.streams.KafkaStreams;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;

/**
 * Readiness of a service's Kafka Streams client: UP only while it is RUNNING or REBALANCING, so an instance whose
 * client has stopped (ERROR after a stream thread or the global store thread died, or closed) is taken out of
 * service instead of answering 503 "still loading" for ever. Quarkus's own state check
 * ({@code KafkaStreamsStateHealthCheck}) is a liveness check only, and its readiness check looks at topics alone.
 * Each Streams service produces it as a {@code @Readiness} bean over its {@code KafkaStreams}.
 */
public final class StreamsReadiness implements HealthCheck {

    /** The name of the check in {@code /q/health/ready}. */
    public static final String NAME = "Kafka Streams client";

    private final KafkaStreams streams;

    public StreamsReadiness(KafkaStreams streams) {
        this.streams = streams;
    }

    @Override
    public HealthCheckResponse call() {
        KafkaStreams.State state = streams.state();
        return HealthCheckResponse.named(NAME)
                .status(state.isRunningOrRebalancing())
                .withData("state", state.name())
                .build();
    }
}
