package io.nhp.economics.streams;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import org.apache.kafka.streams.Topology;

/** Hands the service's one Kafka Streams topology (capacity and projections) to Quarkus. */
@ApplicationScoped
public class TopologyProducer {

    @Produces
    Topology topology() {
        return ProjectionTopology.addTo(CapacityTopology.build());
    }
}
