package io.nhp.jobs.api;

import io.nhp.jobs.broker.JobBroker;
import io.nhp.jobs.domain.JobBook;
import io.nhp.service.Problem;
import io.nhp.service.ProblemException;
import io.nhp.service.kafka.StoreForwarding;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;
import java.net.URI;
import java.util.Locale;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * The answer of the instance serving a job to a read of it, 307 there for a change; 503 when the broker could not make a change durable, is not ready or holds
 * as many long polls as it takes; 429 for a submission beyond the partner's open-job quota; 422 for an
 * Idempotency-Key reused with another body (413 for bodies beyond what an endpoint takes is
 * {@code io.nhp.service.http.BodyLimits}, configured in application.properties).
 */
public class BrokerProblems {

    static final long POLL_RETRY_AFTER_SECONDS = 5;

    private final StoreForwarding forwarding = new StoreForwarding();

    /**
     * A read of a job another instance serves is answered with that instance's answer (clients behind a load balancer
     * cannot reach an instance's own address); a change, 307 to the same path and query there, the client keeping
     * method and body.
     */
    @ServerExceptionMapper
    public Uni<Response> elsewhere(JobBroker.ServedElsewhere e, ContainerRequestContext request) {
        URI target = UriBuilder.fromUri(request.getUriInfo().getRequestUri()).scheme(e.owner().getScheme())
                .host(e.owner().getHost()).port(e.owner().getPort()).build();
        if (HttpMethod.GET.equals(request.getMethod())) {
            return Uni.createFrom().completionStage(forwarding.forward(target, request::getHeaderString));
        }
        return Uni.createFrom().item(Response.temporaryRedirect(target).type(Problem.MEDIA_TYPE)
                .entity(Problem.of(307, "Temporary redirect", e.getMessage())).build());
    }

    @ServerExceptionMapper
    public Response unavailable(JobBroker.BrokerUnavailable e) {
        return Response.status(503).type(Problem.MEDIA_TYPE)
                .entity(Problem.of(503, "Service unavailable", e.getMessage())).header("Retry-After", "1").build();
    }

    /** Long polls are capped ({@code nhp.jobs.max-long-polls}): the phone polls again after a few seconds. */
    @ServerExceptionMapper
    public Response tooManyPolls(JobBroker.TooManyPolls e) {
        return Response.status(503).type(Problem.MEDIA_TYPE)
                .entity(Problem.of(503, "Service unavailable", e.getMessage()))
                .header("Retry-After", Long.toString(POLL_RETRY_AFTER_SECONDS)).build();
    }

    /** The partner has its quota of unfinished jobs ({@code nhp.jobs.quota.max-open-jobs}): nothing was queued. */
    @ServerExceptionMapper
    public Response overQuota(JobBroker.QuotaExceeded e) {
        return Response.status(429).type(Problem.MEDIA_TYPE)
                .entity(Problem.of(429, "Too many open jobs", e.getMessage()))
                .header("Retry-After", Long.toString(e.retryAfter().toSeconds())).build();
    }

    /** The key was used for a different submission: refused, since answering the earlier job would drop this one. */
    @ServerExceptionMapper
    public Response idempotencyKeyReused(JobBook.IdempotencyKeyReused e) {
        return Response.status(422).type(Problem.MEDIA_TYPE)
                .entity(Problem.of(422, "Idempotency-Key reused", e.getMessage())).build();
    }

    /** {@code jobs%3Abatch} is {@code jobs:batch} (clients that encode the colon of a custom method). */
    @ServerRequestFilter(preMatching = true)
    public void customMethodColon(ContainerRequestContext request) {
        String uri = request.getUriInfo().getRequestUri().toString();
        int encoded = uri.toLowerCase(Locale.ROOT).indexOf("/jobs%3abatch");
        if (encoded >= 0) {
            request.setRequestUri(URI.create(uri.substring(0, encoded) + "/jobs:batch"
                    + uri.substring(encoded + "/jobs%3abatch".length())));
        }
    }
}
