package io.nhp.economics.streams;

import io.nhp.economics.config.EconomicsConfig;
import io.nhp.service.kafka.StoreQueries;
import io.nhp.service.kafka.StreamsReadiness;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.Optional;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.Readiness;

/** Hands the service's one Kafka Streams topology to Quarkus, and queries and readiness on it. */
@ApplicationScoped
public class TopologyProducer {

    @Produces
    Topology topology(EconomicsConfig config) {
        return build(new LedgerTopology.Settings(config.payoutTier(), config.windowGrace(), config.statementGrace(),
                config.retention()));
    }

    /** Capacity, ledger and savings, projections, over the global store of reference items. */
    public static Topology build(LedgerTopology.Settings ledger) {
        StreamsBuilder builder = new StreamsBuilder();
        CapacityTopology.addTo(builder);
        LedgerTopology.addTo(builder, ledger);
        Topology topology = LedgerTopology.DEAD_LETTERS.addTo(builder.build());
        ReferenceItems.addTo(topology);
        return ProjectionTopology.addTo(topology);
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
