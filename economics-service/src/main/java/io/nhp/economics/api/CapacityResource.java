package io.nhp.economics.api;

import io.nhp.contracts.events.CapacityEvent;
import io.nhp.contracts.events.ReferenceDataEvent;
import io.nhp.contracts.fleet.Fleet;
import io.nhp.contracts.fleet.FleetCounts;
import io.nhp.economics.domain.Capacity;
import io.nhp.economics.domain.PriceBook;
import io.nhp.economics.streams.CapacityTopology;
import io.nhp.economics.streams.ReferenceItems;
import io.nhp.service.ProblemException;
import io.nhp.service.kafka.StoreAnswers;
import io.nhp.service.kafka.StoreQueries;
import io.nhp.service.security.Viewer;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.UriInfo;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Live capacity of a partner's fleet, in total or in one region, read from the Kafka Streams store. */
@Path("/api/v1/capacity")
@Tag(name = "Capacity")
public class CapacityResource {

    /** A fleet's live capacity. */
    public record CapacityView(String partner, String region, long registeredDevices, long onlineDevices,
                               long eligibleDevices, double tops, Double h100Equivalent, double observedUptime,
                               String nearestScenario, Instant asOf) {

        static CapacityView of(CapacityEvent event) {
            return new CapacityView(event.partner(), event.region(), event.registeredDevices(), event.onlineDevices(),
                    event.eligibleDevices(), event.tops(), event.h100Equivalent(), event.observedUptime(),
                    event.nearestScenario(), event.asOf());
        }
    }

    private final StoreQueries queries;
    private final SecurityIdentity identity;
    private final Clock clock = Clock.systemUTC();

    CapacityResource(StoreQueries queries, SecurityIdentity identity) {
        this.queries = queries;
        this.identity = identity;
    }

    @GET
    @Path("/{partner}")
    @Operation(summary = "Live capacity of a partner's fleet",
            description = "Registered, online and eligible devices, eligible TOPS, H100-equivalents (TOPS ÷ 2,000, "
                    + "the model's h100_tops), observed uptime (eligible ÷ registered) and the scenario (optimistic 40 %, "
                    + "moderate 25 %, pessimistic 10 %, catastrophic 3 %) whose uptime is closest; with ?region= for one "
                    + "region. 404 while no device of the partner (or region) is registered; answered by the instance "
                    + "that holds the partner, whichever is asked; 503 while the store is starting. The partner's token or ops'; 401 without, 403 for "
                    + "another partner's.")
    public CapacityView capacity(@PathParam("partner") String partner, @QueryParam("region") String region,
                                 @Context UriInfo request) {
        Viewer.of(identity).require(partner);
        Fleet fleet = StoreAnswers.value(queries.<Fleet>get(CapacityTopology.CAPACITY_STORE, partner),
                        request.getRequestUri(), "capacity figures")
                .orElseThrow(() -> ProblemException.notFound("no device of partner '" + partner + "' is registered"));
        FleetCounts counts = region == null ? fleet.total() : fleet.regions().get(region);
        if (counts == null) {
            throw ProblemException.notFound("no device of partner '" + partner + "' is registered in region '"
                    + region + "'; regions: " + List.copyOf(fleet.regions().keySet()));
        }
        return CapacityView.of(Capacity.of(partner, region, counts, fleet.asOf(), prices(), clock.instant()));
    }

    private PriceBook prices() {
        return queries.<ReferenceDataEvent>localStore(ReferenceItems.STORE)
                .map(ReferenceItems::priceBook)
                .orElseThrow(() -> ProblemException.unavailable("reference data is still loading; try again shortly"));
    }
}
