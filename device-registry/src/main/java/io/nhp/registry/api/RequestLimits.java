package io.nhp.registry.api;

import io.nhp.registry.ingest.Rejections;
import io.nhp.service.ProblemException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * Bodies beyond what an endpoint takes are refused with a 413 problem before they are read (a heartbeat or a
 * registration is a few hundred bytes; a batch of 1,000 heartbeats with tokens under 1 MiB), and every refused
 * heartbeat is counted by reason, whichever layer refused it.
 */
public class RequestLimits {

    static final int MAX_BYTES = 16 * 1024;
    static final int MAX_BATCH_BYTES = 1024 * 1024;

    private final Rejections rejections;

    RequestLimits(Rejections rejections) {
        this.rejections = rejections;
    }

    @ServerRequestFilter(preMatching = true)
    public void bodySize(ContainerRequestContext request) {
        boolean batch = request.getUriInfo().getPath().equals("/api/v1/heartbeats");
        int max = batch ? MAX_BATCH_BYTES : MAX_BYTES;
        if (request.getLength() > max) {
            if (isHeartbeat(request)) {
                rejections.count(413);
            }
            throw ProblemException.tooLarge(max, batch
                    ? "a batch of 1,000 heartbeats is far smaller"
                    : "a heartbeat or a registration is a few hundred bytes");
        }
    }

    @ServerResponseFilter
    public void countRefusedHeartbeats(ContainerRequestContext request, ContainerResponseContext response) {
        if (response.getStatus() >= 400 && isHeartbeat(request) && !request.getUriInfo().getPath().equals("/api/v1/heartbeats")) {
            rejections.count(response.getStatus());
        }
    }

    private static boolean isHeartbeat(ContainerRequestContext request) {
        return request.getUriInfo().getPath().endsWith("/heartbeats");
    }
}
