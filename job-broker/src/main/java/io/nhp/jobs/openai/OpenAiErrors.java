package io.nhp.jobs.openai;

import io.nhp.service.Problem;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Refusals on {@code /v1/*} in OpenAI's error shape: this API's own ({@link OpenAiException}), and every problem the
 * platform's mappers and filters answer there (no credential, an unreadable body, a body over its limit, quota).
 */
@Provider
public class OpenAiErrors implements ContainerResponseFilter {

    @ServerExceptionMapper
    public Response refused(OpenAiException e) {
        var response = Response.status(e.status()).type(MediaType.APPLICATION_JSON_TYPE).entity(e.body());
        if (e.retryAfter() != null) {
            response.header("Retry-After", Math.max(1, e.retryAfter().toSeconds()));
        }
        return response.build();
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        if (request.getUriInfo().getPath().startsWith("/v1/") && response.getEntity() instanceof Problem problem) {
            response.setEntity(OpenAiError.of(problem), null, MediaType.APPLICATION_JSON_TYPE);
            response.getHeaders().putSingle("Content-Type", MediaType.APPLICATION_JSON);
        }
    }
}
