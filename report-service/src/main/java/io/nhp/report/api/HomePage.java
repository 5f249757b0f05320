package io.nhp.report.api;

import io.nhp.report.live.Dashboard;
import io.quarkus.qute.Template;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** The platform's front page: what the fleet is doing and earning right now, per partner, updated in place. */
@Path("/")
public class HomePage {

    private final Template home;
    private final Dashboard dashboard;

    HomePage(Template home, Dashboard dashboard) {
        this.home = home;
        this.dashboard = dashboard;
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "Live fleet overview (HTML)")
    public String page() {
        return home.data("snapshot", dashboard.snapshot()).data("renderedAt", Instant.now()).render();
    }
}
