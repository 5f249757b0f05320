package io.nhp.economics.streams;

import io.nhp.service.kafka.StoreQueries;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.Optional;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Hands the service's one Kafka Streams topology (capacity and projections) to Quarkus, and queries on it. */
@ApplicationScoped
public class TopologyProducer {

    @Produces
    Topology topology() {
        return ProjectionTopology.addTo(CapacityTopology.build());
    }

    @Produces
    @Singleton
    StoreQueries storeQueries(KafkaStreams streams,
                              @ConfigProperty(name = "kafka-streams.application.server") Optional<String> server) {
        return new StoreQueries(streams, server);
    }
}
