package io.nhp.pricing.api;

import io.nhp.service.ProblemException;
import jakarta.ws.rs.container.ContainerRequestContext;
import java.nio.charset.StandardCharsets;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Refuses a body over 256 KiB with a 413 problem. A declared length is refused before the body is read; a
 * chunked body is measured once read (the HTTP layer's own hard limit, quarkus.http.limits.max-body-size, is
 * higher and only ever answers a bare 413 to bodies far above this one).
 */
public class BodyLimit {

    static final int MAX_BYTES = 256 * 1024;

    @ServerRequestFilter
    public void declaredLength(ContainerRequestContext request) {
        if (request.getLength() > MAX_BYTES) {
            throw tooLarge();
        }
    }

    /** For bodies read without a declared length. */
    static String checked(String body) {
        if (body != null && body.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            throw tooLarge();
        }
        return body;
    }

    private static ProblemException tooLarge() {
        return ProblemException.tooLarge(MAX_BYTES, "a partner profile or price change is far smaller");
    }
}
