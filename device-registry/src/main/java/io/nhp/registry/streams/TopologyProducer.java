package io.nhp.registry.streams;

import io.nhp.registry.config.RegistryConfig;
import io.nhp.registry.domain.EligibilityRules;
import io.nhp.registry.domain.LivenessRules;
import io.nhp.service.kafka.StoreQueries;
import io.nhp.service.kafka.StreamsReadiness;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.Optional;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.Readiness;

/** Hands the device topology to Quarkus' Kafka Streams, and queries and readiness on it. */
@ApplicationScoped
public class TopologyProducer {

    @Produces
    @Singleton
    RecentHeartbeats recentHeartbeats() {
        return new RecentHeartbeats();
    }

    @Produces
    Topology deviceTopology(RegistryConfig config, RecentHeartbeats recent) {
        var eligibility = config.eligibility();
        var rules = new EligibilityRules(eligibility.minBatteryPct(), eligibility.maxBatteryTempC(),
                eligibility.maxThermalStatus(), eligibility.cooldown());
        var heartbeat = config.heartbeat();
        return DeviceTopology.build(new LivenessRules(rules), heartbeat.offlineAfter(),
                heartbeat.livenessCheckInterval(), heartbeat.livenessCheckpoint(), recent);
    }

    @Produces
    @Singleton
    StoreQueries storeQueries(KafkaStreams streams,
                              @ConfigProperty(name = "kafka-streams.application.server") Optional<String> server) {
        return new StoreQueries(streams, server);
    }

    /** Readiness: DOWN unless the Streams client is RUNNING or REBALANCING (Quarkus's state check is liveness only). */
    @Produces
    @Readiness
    @Singleton
    HealthCheck streamsReadiness(KafkaStreams streams) {
        return new StreamsReadiness(streams);
    }
}
