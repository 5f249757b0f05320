package io.nhp.economics.api;

import io.nhp.economics.domain.FleetCounts;
import io.nhp.economics.streams.CapacityTopology;
import io.nhp.service.kafka.StoreQueries;
import io.nhp.service.kafka.StoreQueries.Result;
import io.nhp.service.ProblemException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Live fleet capacity per partner, read from the Kafka Streams store. */
@Path("/api/v1/capacity")
@Tag(name = "Capacity")
public class CapacityResource {

    private final StoreQueries queries;

    CapacityResource(StoreQueries queries) {
        this.queries = queries;
    }

    @GET
    @Path("/{partner}")
    @Operation(summary = "Live capacity of a partner's fleet",
            description = "404 while no device of the partner has reported; 503 while the store is starting.")
    public CapacityView capacity(@PathParam("partner") String partner) {
        Result<FleetCounts> result = queries.get(CapacityTopology.CAPACITY_STORE, partner);
        if (result instanceof Result.Found<FleetCounts> found) {
            return CapacityView.of(partner, found.value());
        }
        if (result instanceof Result.NotReady<FleetCounts> notReady) {
            throw new ProblemException(503, "Capacity not available yet", notReady.why());
        }
        throw ProblemException.notFound("no device of partner '" + partner + "' has reported yet");
    }
}
