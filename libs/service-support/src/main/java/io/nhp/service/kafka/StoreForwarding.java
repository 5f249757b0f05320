package io.nhp.service.kafka;

import io.nhp.service.ProblemException;
import io.nhp.service.ProblemMappers;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Answers a request whose key another instance holds ({@link HeldElsewhere}) with that instance's own answer: the
 * same request (a GET, or a change without a body), with the client's credential, sent to the address it advertises
 * ({@code kafka-streams.application.server}).
 * A redirect there would only work for clients that can reach each instance; behind a load balancer or an ingress
 * they cannot (Kafka Streams leaves this RPC layer to the application). A forwarded request is marked, and is never
 * forwarded again: if the other instance does not hold the key either, the keys are moving (a rebalance), 503.
 */
public class StoreForwarding {

    /** Marks a request one instance forwarded to another. */
    public static final String FORWARDED = "X-NHP-Forwarded";
    static final Duration TIMEOUT = Duration.ofSeconds(5);
    /** What a client's request says that the holder's answer depends on. */
    private static final List<String> REQUEST_HEADERS = List.of("Authorization", "Accept", "Accept-Language");
    /** What the holder's answer says that the client needs besides its status, type and body. */
    private static final List<String> ANSWER_HEADERS = List.of("Content-Type", "Retry-After", "WWW-Authenticate",
            "Location", "Cache-Control");
    private static final Logger LOG = Logger.getLogger(StoreForwarding.class);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2))
            .followRedirects(HttpClient.Redirect.NEVER).build();

    private final ProblemMappers problems = new ProblemMappers();

    /**
     * Forwards a read, or a change that has no body (a credential renewal); a change with a body (which has been read
     * by now) is answered 307 to the holder, the client keeping method and body.
     */
    @ServerExceptionMapper
    public Uni<Response> forward(HeldElsewhere held, ContainerRequestContext request) {
        String method = request.getMethod();
        String length = request.getHeaderString(HttpHeaders.CONTENT_LENGTH);
        boolean bodiless = HttpMethod.GET.equals(method)
                || ((length == null || "0".equals(length)) && request.getHeaderString("Transfer-Encoding") == null);
        if (!bodiless) {
            return Uni.createFrom().item(Response.temporaryRedirect(held.target()).build());
        }
        return Uni.createFrom().completionStage(forward(method, held.target(), request::getHeaderString));
    }

    /**
     * The holder's answer to a GET of {@code target} (the request's headers from {@code requestHeader}), or a 503
     * problem; for any service whose instances share keys (job-broker's jobs too).
     */
    public CompletionStage<Response> forward(URI target, Function<String, String> requestHeader) {
        return forward(HttpMethod.GET, target, requestHeader);
    }

    /** {@link #forward(URI, Function)} with another method, and no body. */
    CompletionStage<Response> forward(String method, URI target, Function<String, String> requestHeader) {
        if (forwarded(requestHeader)) {
            return CompletableFuture.completedFuture(unavailable("this is moving between instances"));
        }
        HttpRequest forwarded = marked(target, requestHeader).method(method, HttpRequest.BodyPublishers.noBody()).build();
        return HTTP.sendAsync(forwarded, HttpResponse.BodyHandlers.ofByteArray())
                .thenApply(StoreForwarding::relay)
                .exceptionally(failure -> {
                    LOG.debugf(failure, "the instance at %s did not answer", target.getAuthority());
                    return unavailable("the instance holding this did not answer");
                });
    }

    /**
     * Sends the part of a client's request that another instance holds to it: a POST of {@code json} to
     * {@code target}, with the client's credential, marked as forwarded. For a request whose parts different
     * instances hold (a gateway's batch of heartbeats): each part to its holder, the caller putting the answers back
     * together. Completes with the holder's answer, or exceptionally when it does not answer within the timeout.
     */
    public static CompletableFuture<HttpResponse<byte[]>> post(URI target, byte[] json,
                                                               Function<String, String> requestHeader) {
        return HTTP.sendAsync(marked(target, requestHeader).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(json)).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    /** Whether another instance forwarded this request here: it is answered here or refused, never sent on again. */
    public static boolean forwarded(Function<String, String> requestHeader) {
        return requestHeader.apply(FORWARDED) != null;
    }

    /** A request to {@code target} marked as forwarded, with the client's headers the answer depends on. */
    private static HttpRequest.Builder marked(URI target, Function<String, String> requestHeader) {
        HttpRequest.Builder forwarded = HttpRequest.newBuilder(target).timeout(TIMEOUT).header(FORWARDED, "1");
        for (String name : REQUEST_HEADERS) {
            String value = requestHeader.apply(name);
            if (value != null) {
                forwarded.header(name, value);
            }
        }
        return forwarded;
    }

    private static Response relay(HttpResponse<byte[]> answer) {
        Response.ResponseBuilder relayed = Response.status(answer.statusCode());
        for (String name : ANSWER_HEADERS) {
            answer.headers().firstValue(name).ifPresent(value -> relayed.header(name, value));
        }
        return (answer.body().length == 0 ? relayed : relayed.entity(answer.body())).build();
    }

    private Response unavailable(String why) {
        return problems.problem(ProblemException.unavailable(why + "; try again in a few seconds",
                StoreAnswers.RETRY_AFTER));
    }
}
