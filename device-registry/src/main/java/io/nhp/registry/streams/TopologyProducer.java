package io.nhp.registry.streams;

import io.nhp.registry.config.RegistryConfig;
import io.nhp.registry.domain.EligibilityRules;
import io.nhp.registry.domain.LivenessRules;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import org.apache.kafka.streams.Topology;

/** Hands the device topology to Quarkus' Kafka Streams. */
@ApplicationScoped
public class TopologyProducer {

    @Produces
    Topology deviceTopology(RegistryConfig config) {
        var eligibility = config.eligibility();
        var rules = new EligibilityRules(eligibility.minBatteryPct(), eligibility.maxBatteryTempC(),
                eligibility.maxThermalStatus(), eligibility.cooldown());
        return DeviceTopology.build(new LivenessRules(rules), config.heartbeat().offlineAfter(),
                config.heartbeat().livenessCheckInterval());
    }
}
