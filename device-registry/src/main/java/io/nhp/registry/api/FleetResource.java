package io.nhp.registry.api;

import io.nhp.contracts.events.PartnerProfileEvent;
import io.nhp.contracts.fleet.Fleet;
import io.nhp.contracts.fleet.FleetCounts;
import io.nhp.registry.streams.DeviceTopology;
import io.nhp.service.kafka.StoreAnswers;
import io.nhp.service.kafka.StoreQueries;
import io.nhp.service.kafka.StoreQueries.Result;
import io.nhp.service.Problem;
import io.nhp.service.ProblemException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** A partner's fleet right now, from the topology's store: registered, online, eligible, eligible TOPS. */
@Path("/api/v1/fleet")
@Tag(name = "Fleet")
public class FleetResource {

    private final StoreQueries queries;

    FleetResource(StoreQueries queries) {
        this.queries = queries;
    }

    @GET
    @Operation(summary = "A partner's fleet",
            description = "In total, or in one region with ?region=. 404 for an unknown partner; answered by "
                    + "the instance that holds the partner, whichever is asked; 503 while the store is starting.")
    public Response fleet(@QueryParam("partner") String partner, @QueryParam("region") String region,
                          @Context UriInfo request) {
        if (partner == null || partner.isBlank()) {
            throw ProblemException.invalid(List.of(new Problem.FieldError("partner", "must name a partner, e.g. xiaomi")));
        }
        Fleet fleet = StoreAnswers.value(queries.<Fleet>get(DeviceTopology.FLEET_STORE, partner), request.getRequestUri(),
                "fleet counts").orElseGet(() -> knownPartnerWithoutDevices(partner));
        FleetCounts counts = region == null ? fleet.total() : fleet.regions().getOrDefault(region, FleetCounts.EMPTY);
        return Response.ok(new FleetView(partner, region, counts.registered(), counts.online(), counts.eligible(),
                counts.eligibleTops(), fleet.asOf())).build();
    }

    private Fleet knownPartnerWithoutDevices(String partner) {
        if (queries.getLocal(DeviceTopology.PARTNERS_STORE, partner) instanceof Result.Found<?>) {
            return Fleet.empty();
        }
        throw ProblemException.notFound("no partner '" + partner + "' is known");
    }
}
