package io.nhp.report.api;

import io.nhp.contracts.events.CapacityEvent;
import io.nhp.report.live.LiveFleet;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The live figures behind the pages, as JSON. */
@Path("/api/v1/live")
@Tag(name = "Live")
public class LiveResource {

    private final LiveFleet fleet;

    LiveResource(LiveFleet fleet) {
        this.fleet = fleet;
    }

    @GET
    @Path("/capacity")
    @Operation(summary = "Latest fleet capacity of every partner")
    public List<CapacityEvent> capacity() {
        return fleet.partners();
    }
}
