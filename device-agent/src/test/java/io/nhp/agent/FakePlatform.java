package io.nhp.agent;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.sun.net.httpserver.HttpExchange;
import io.nhp.jobs.api.ExchangeRequest;
import io.nhp.jobs.api.ExchangeResponse;
import io.nhp.jobs.api.StrictRequests;
import io.nhp.jobs.domain.Lease;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator;

/**
 * device-registry and job-broker played by two in-test HTTP servers: scripted answers, every request recorded. The
 * exchange is read and answered with job-broker's own records ({@link ExchangeRequest} read by its strict rule and
 * checked by its Bean Validation constraints, {@link ExchangeResponse} and {@link Lease} written as Quarkus writes
 * them), so that the agent's JSON is the broker's.
 */
final class FakePlatform implements AutoCloseable {

    /** A request as the fake received it. */
    record Request(String method, String path, String query, String authorization, String body, Instant at) {
    }

    /** A scripted answer: status, body, Retry-After (or null), and how long to hold it (ms). */
    record Reply(int status, String body, String retryAfter, long delayMillis) {

        static Reply json(int status, String body) {
            return new Reply(status, body, null, 0);
        }

        static Reply busy(int status, String retryAfter) {
            return new Reply(status, "{\"title\":\"busy\"}", retryAfter, 0);
        }
    }

    /**
     * What the fake broker answers an exchange: a whole {@link Reply} (busy, refused), or {@code leases} with each
     * result handed in answered {@code resultStatus} (200 recorded, else refused with a detail).
     */
    record Answer(Reply reply, List<Lease> leases, int resultStatus) {

        static Answer leases(Lease... leases) {
            return new Answer(null, List.of(leases), 200);
        }

        static Answer resultsAnswered(int status) {
            return new Answer(null, List.of(), status);
        }

        static Answer whole(Reply reply) {
            return new Answer(reply, List.of(), 0);
        }
    }

    static final String DEVICE_ID = "d-1";
    static final String DEVICE_TOKEN = "device-token-1";
    /** How job-broker reads a request body: its own strict rule (unknown fields, nulls in lists… refused). */
    static final ObjectMapper STRICT = JsonMapper.builder().addModule(new JavaTimeModule()).build();
    /** How job-broker writes an answer: Quarkus' mapper, ISO-8601 instants. */
    static final ObjectMapper ANSWERS = JsonMapper.builder().addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).build();
    private static final Validator VALIDATOR = Validation.byDefaultProvider().configure()
            .messageInterpolator(new ParameterMessageInterpolator()).buildValidatorFactory().getValidator();

    static {
        new StrictRequests().customize(STRICT);
    }

    final List<Request> requests = new ArrayList<>();
    /** The exchanges received, as job-broker's own record read them; in order. */
    final List<ExchangeRequest> exchanges = new ArrayList<>();
    final Queue<Reply> heartbeatReplies = new ConcurrentLinkedQueue<>();
    final Queue<Answer> exchangeAnswers = new ConcurrentLinkedQueue<>();
    volatile int nextHeartbeatSeconds = 60;
    /** An exchange given no lease is held for its wait, at most this long (ms). */
    volatile long maxPollHoldMillis = 1_000;

    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final HttpServer registry;
    private final HttpServer broker;

    FakePlatform() throws IOException {
        registry = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        broker = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        registry.createContext("/api/v1/devices", this::registry);
        broker.createContext("/api/v1/", this::broker);
        registry.setExecutor(threads);
        broker.setExecutor(threads);
        registry.start();
        broker.start();
    }

    URI registryUrl() {
        return URI.create("http://127.0.0.1:" + registry.getAddress().getPort());
    }

    URI brokerUrl() {
        return URI.create("http://127.0.0.1:" + broker.getAddress().getPort());
    }

    /** The recorded requests whose path ends with {@code suffix}. */
    List<Request> requests(String method, String suffix) {
        synchronized (requests) {
            return requests.stream().filter(r -> r.method().equals(method) && r.path().endsWith(suffix)).toList();
        }
    }

    /** The exchanges received so far. */
    List<ExchangeRequest> exchanges() {
        synchronized (requests) {
            return List.copyOf(exchanges);
        }
    }

    /** A lease as job-broker hands it (its own record). */
    static Lease lease(String leaseId, String taskType, String input, Instant expiresAt) {
        return new Lease(leaseId, "job-" + leaseId, taskType, "inline", "h", expiresAt, input,
                input == null ? null : "all-MiniLM-L6-v2");
    }

    private void registry(HttpExchange exchange) throws IOException {
        Request request = record(exchange);
        if (request.path().equals("/api/v1/devices") && request.method().equals("POST")) {
            answer(exchange, Reply.json(201, "{\"deviceId\":\"" + DEVICE_ID + "\",\"token\":\"" + DEVICE_TOKEN
                    + "\",\"heartbeatIntervalSeconds\":60,\"region\":\"india\",\"regionDefaulted\":false}"));
        } else if (request.path().equals("/api/v1/devices/" + DEVICE_ID + "/heartbeats")) {
            Reply scripted = heartbeatReplies.poll();
            answer(exchange, scripted != null ? scripted
                    : Reply.json(202, "{\"nextHeartbeatSeconds\":" + nextHeartbeatSeconds + "}"));
        } else {
            answer(exchange, Reply.json(404, "{}"));
        }
    }

    private void broker(HttpExchange exchange) throws IOException {
        Request request = record(exchange);
        if (!request.path().equals("/api/v1/exchange") || !request.method().equals("POST")) {
            answer(exchange, Reply.json(404, "{}"));
            return;
        }
        ExchangeRequest read;
        try {
            read = STRICT.readValue(request.body(), ExchangeRequest.class);
        } catch (IOException e) {
            answer(exchange, Reply.json(400, "{\"title\":\"unreadable\"}"));
            return;
        }
        Set<ConstraintViolation<ExchangeRequest>> invalid = VALIDATOR.validate(read);
        if (!invalid.isEmpty() || !("Bearer " + DEVICE_TOKEN).equals(request.authorization())) {
            answer(exchange, Reply.json(invalid.isEmpty() ? 401 : 400, "{\"title\":\"" + invalid + "\"}"));
            return;
        }
        synchronized (requests) {
            exchanges.add(read);
        }
        Answer scripted = exchangeAnswers.poll();
        if (scripted != null && scripted.reply() != null) {
            answer(exchange, scripted.reply());
            return;
        }
        List<ExchangeRequest.Result> results = read.results() == null ? List.of() : read.results();
        List<ExchangeResponse.Outcome> outcomes = results.stream().map(r -> scripted == null || scripted.resultStatus() == 200
                ? new ExchangeResponse.Outcome(r.leaseId(), 200, "job-" + r.leaseId(), "COMPLETED", null)
                : new ExchangeResponse.Outcome(r.leaseId(), scripted.resultStatus(), null, null, "refused by the test"))
                .toList();
        List<Lease> leases = scripted == null ? List.of() : scripted.leases();
        int waitSeconds = read.waitSeconds() == null ? 0 : read.waitSeconds();
        long hold = leases.isEmpty() && read.want() > 0 ? Math.min(maxPollHoldMillis, waitSeconds * 1000L) : 0;
        answer(exchange, new Reply(200, ANSWERS.writeValueAsString(new ExchangeResponse(outcomes, leases)), null,
                hold));
    }

    private Request record(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        Request request = new Request(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                exchange.getRequestURI().getQuery(), exchange.getRequestHeaders().getFirst("Authorization"), body,
                Instant.now());
        synchronized (requests) {
            requests.add(request);
        }
        return request;
    }

    private static void answer(HttpExchange exchange, Reply reply) throws IOException {
        try {
            if (reply.delayMillis() > 0) {
                Thread.sleep(reply.delayMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (reply.retryAfter() != null) {
            exchange.getResponseHeaders().add("Retry-After", reply.retryAfter());
        }
        byte[] body = reply.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().putAll(Map.of("Content-Type", List.of("application/json")));
        try (OutputStream out = exchange.getResponseBody()) {
            exchange.sendResponseHeaders(reply.status(), body.length == 0 ? -1 : body.length);
            if (body.length > 0) {
                out.write(body);
            }
        } catch (IOException gone) {
            // the agent gave up on this request (stopped): nothing to answer
        }
    }

    @Override
    public void close() {
        registry.stop(0);
        broker.stop(0);
        threads.shutdownNow();
    }
}
