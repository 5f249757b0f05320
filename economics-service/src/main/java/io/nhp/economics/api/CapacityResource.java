package io.nhp.economics.api;

import io.nhp.economics.streams.CapacityQueries;
import io.nhp.economics.streams.CapacityQueries.Result;
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

    private final CapacityQueries queries;

    CapacityResource(CapacityQueries queries) {
        this.queries = queries;
    }

    @GET
    @Path("/{partner}")
    @Operation(summary = "Live capacity of a partner's fleet",
            description = "404 while no device of the partner has reported; 503 while the store is starting.")
    public CapacityView capacity(@PathParam("partner") String partner) {
        Result result = queries.forPartner(partner);
        if (result instanceof Result.Found found) {
            return CapacityView.of(partner, found.counts());
        }
        if (result instanceof Result.NotReady notReady) {
            throw new ProblemException(503, "Capacity not available yet", notReady.why());
        }
        throw ProblemException.notFound("no device of partner '" + partner + "' has reported yet");
    }
}
