package io.nhp.agent;

import com.sun.net.httpserver.HttpExchange;
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
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** device-registry and job-broker played by two in-test HTTP servers: scripted answers, every request recorded. */
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

    static final String DEVICE_ID = "d-1";
    static final String DEVICE_TOKEN = "device-token-1";

    final List<Request> requests = new ArrayList<>();
    final Queue<Reply> heartbeatReplies = new ConcurrentLinkedQueue<>();
    final Queue<Reply> pollReplies = new ConcurrentLinkedQueue<>();
    final Queue<Reply> resultReplies = new ConcurrentLinkedQueue<>();
    volatile int nextHeartbeatSeconds = 60;
    /** An empty long poll is held for its wait, at most this long (ms). */
    volatile long maxPollHoldMillis = 1_000;
    volatile long resultDelayMillis;

    private static final Pattern WAIT = Pattern.compile("waitSeconds=(\\d+)");
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

    /** A lease's JSON as job-broker answers it. */
    static String lease(String leaseId, String taskType, String input, Instant expiresAt) {
        return "{\"leaseId\":\"" + leaseId + "\",\"jobId\":\"job-" + leaseId + "\",\"taskType\":\"" + taskType
                + "\",\"inputRef\":\"inline\",\"inputHash\":\"h\",\"leaseExpiresAt\":\"" + expiresAt + "\""
                + (input == null ? "" : ",\"input\":\"" + input + "\",\"model\":\"all-MiniLM-L6-v2\"") + "}";
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
        if (request.path().equals("/api/v1/devices/" + DEVICE_ID + "/jobs/next")) {
            Reply scripted = pollReplies.poll();
            if (scripted == null) {
                Matcher wait = WAIT.matcher(request.query() == null ? "" : request.query());
                long hold = Math.min(maxPollHoldMillis, wait.find() ? Long.parseLong(wait.group(1)) * 1000 : 0);
                scripted = new Reply(204, "", null, hold);
            }
            answer(exchange, scripted);
        } else if (request.path().startsWith("/api/v1/leases/") && request.path().endsWith("/result")) {
            Reply scripted = resultReplies.poll();
            answer(exchange, scripted != null ? scripted
                    : new Reply(200, "{\"jobState\":\"COMPLETED\"}", null, resultDelayMillis));
        } else {
            answer(exchange, Reply.json(404, "{}"));
        }
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
