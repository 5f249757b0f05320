package io.nhp.registry.api;

import io.nhp.registry.ingest.Rejections;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * Counts every refused heartbeat by reason, whichever layer refused it (the body limits of
 * {@code io.nhp.service.http.BodyLimits} included); a batch is counted here only when refused whole for its size.
 */
public class RefusedHeartbeats {

    static final String BATCH = "/api/v1/heartbeats";

    private final Rejections rejections;

    RefusedHeartbeats(Rejections rejections) {
        this.rejections = rejections;
    }

    @ServerResponseFilter
    public void countRefusedHeartbeats(ContainerRequestContext request, ContainerResponseContext response) {
        String path = request.getUriInfo().getPath();
        if (response.getStatus() >= 400 && path.endsWith("/heartbeats")
                && (!path.equals(BATCH) || response.getStatus() == 413)) {
            rejections.count(response.getStatus());
        }
    }
}
