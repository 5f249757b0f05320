package io.nhp.economics.streams;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import org.apache.kafka.streams.Topology;

/** Hands the capacity topology to Quarkus' Kafka Streams. */
@ApplicationScoped
public class TopologyProducer {

    @Produces
    Topology capacityTopology() {
        return CapacityTopology.build();
    }
}
