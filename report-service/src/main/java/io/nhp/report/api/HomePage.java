package io.nhp.report.api;

import io.nhp.report.pages.Dashboard;
import io.nhp.service.security.Viewer;
import io.quarkus.qute.Template;
import io.quarkus.security.identity.SecurityIdentity;
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
    private final SecurityIdentity identity;

    HomePage(Template home, Dashboard dashboard, SecurityIdentity identity) {
        this.home = home;
        this.dashboard = dashboard;
        this.identity = identity;
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "Live fleet overview (HTML)", description = "Jobs and money today only for ops (admin "
            + "token) and, on its own row, a partner (its token); anonymous visitors see the fleet.")
    public String page() {
        return home.data("snapshot", dashboard.snapshot(Viewer.of(identity))).data("renderedAt", Instant.now()).render();
    }
}
