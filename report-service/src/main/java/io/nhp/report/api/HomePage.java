package io.nhp.report.api;

import io.nhp.report.live.LiveFleet;
import io.quarkus.qute.Template;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** The platform's front page: what the fleet is doing right now, per partner. */
@Path("/")
public class HomePage {

    private final Template home;
    private final LiveFleet fleet;

    HomePage(Template home, LiveFleet fleet) {
        this.home = home;
        this.fleet = fleet;
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "Live fleet overview (HTML)")
    public String page() {
        return home.data("partners", fleet.partners())
                .data("onlineDevices", fleet.onlineDevices())
                .data("renderedAt", Instant.now())
                .render();
    }
}
