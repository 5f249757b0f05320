package io.nhp.report.api;

import io.nhp.contracts.events.SavingsEvent;
import io.nhp.report.views.LiveSavings;
import io.nhp.service.ProblemException;
import io.nhp.service.security.PartnerTokenMechanism;
import io.nhp.service.security.Viewer;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Multi;
import io.vertx.core.http.HttpServerRequest;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestStreamElementType;

/**
 * A partner's savings events as Server-Sent Events, live: each closed minute ({@code io.nhp.savings.window}) and
 * the running day total ({@code io.nhp.savings.daily}), as the CloudEvents economics-service publishes on
 * {@code nhp.economics.savings} (the other way to subscribe).
 */
@Path("/api/v1/partners/{partner}/savings/stream")
@Tag(name = "Partner subscription")
public class SavingsStreamResource {

    private final LiveSavings savings;
    private final SecurityIdentity identity;
    private final StreamSlots slots;

    SavingsStreamResource(LiveSavings savings, SecurityIdentity identity, StreamSlots slots) {
        this.savings = savings;
        this.identity = identity;
        this.slots = slots;
    }

    @GET
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    @RolesAllowed(PartnerTokenMechanism.PARTNER_ROLE)
    @Operation(summary = "Subscribe to your savings events (SSE of CloudEvents)",
            description = "Each event's data: jobs served by phones (jobs, gpuHours, avoidedCostUsd, payoutsUsd, "
                    + "netSavingsUsd), by the partner's cloud fallback (cloudJobs, cloudGpuHours, cloudCostUsd: cost "
                    + "incurred), canaries (canaryJobs, platformPayoutsUsd: paid by the platform) and results caught "
                    + "disagreeing (dissentingResults); see economics-service's asyncapi.yaml. "
                    + "Authorization: Bearer <partner token>. 401 without a valid token; 403 for another "
                    + "partner's stream; 429 when the partner already holds its most streams, 503 when the service does.")
    public Multi<SavingsEvent> stream(@PathParam("partner") String partner, @Context HttpServerRequest request) {
        if (!identity.getPrincipal().getName().equals(partner)) {
            throw ProblemException.forbidden("a partner may only subscribe to its own savings");
        }
        return slots.open(StreamSlots.client(Viewer.of(identity), request), () -> savings.arrivals(partner));
    }
}
