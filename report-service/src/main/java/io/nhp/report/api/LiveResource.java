package io.nhp.report.api;

import io.nhp.contracts.events.CapacityEvent;
import io.nhp.report.pages.Dashboard;
import io.nhp.report.views.LiveFleet;
import io.nhp.service.security.Viewer;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Multi;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import java.time.Duration;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestStreamElementType;

/** The live figures behind the pages, as JSON and as a stream. */
@Path("/api/v1/live")
@Tag(name = "Live")
public class LiveResource {

    /** How often the dashboard stream looks for a change. */
    static final Duration TICK = Duration.ofSeconds(1);

    private final LiveFleet fleet;
    private final Dashboard dashboard;
    private final SecurityIdentity identity;
    private final StreamSlots slots;

    LiveResource(LiveFleet fleet, Dashboard dashboard, SecurityIdentity identity, StreamSlots slots) {
        this.fleet = fleet;
        this.dashboard = dashboard;
        this.identity = identity;
        this.slots = slots;
    }

    @GET
    @Path("/capacity")
    @Operation(summary = "Latest fleet capacity of every partner")
    public List<CapacityEvent> capacity() {
        return fleet.partners();
    }

    @GET
    @Path("/dashboard")
    @Operation(summary = "The home page's figures: capacity, savings and payouts today per partner",
            description = "Jobs and money today are null except for ops (admin token) and a partner's own row.")
    public Dashboard.Snapshot snapshot() {
        return dashboard.snapshot(Viewer.of(identity));
    }

    @GET
    @Path("/stream")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    @Operation(summary = "The home page's figures as Server-Sent Events: the current ones, then each change",
            description = "A client (a credential, or an address without one) holds a few streams at most (429), "
                    + "the service a bounded number in all (503).")
    public Multi<Dashboard.Snapshot> stream(@Context HttpServerRequest request) {
        Viewer viewer = Viewer.of(identity);
        return slots.open(StreamSlots.client(viewer, request), () -> Multi.createFrom().ticks()
                .startingAfter(Duration.ofMillis(1)).every(TICK)
                .map(tick -> dashboard.snapshot(viewer))
                .skip().repetitions());
    }
}
