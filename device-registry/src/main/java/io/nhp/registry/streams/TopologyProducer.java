package io.nhp.registry.streams;

import io.nhp.registry.config.RegistryConfig;
import io.nhp.registry.domain.EligibilityRules;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import org.apache.kafka.streams.Topology;

/** Hands the liveness topology to Quarkus' Kafka Streams. */
@ApplicationScoped
public class TopologyProducer {

    @Produces
    Topology deviceStatusTopology(RegistryConfig config) {
        var rules = new EligibilityRules(config.eligibility().minBatteryPct(), config.eligibility().maxBatteryTempC());
        return DeviceStatusTopology.build(rules, config.offlineAfter(), config.livenessCheckInterval());
    }
}
