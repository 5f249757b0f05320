package io.nhp.agent.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The device's side of the platform's HTTP APIs: device-registry (registration, heartbeats) and job-broker (the
 * exchange: results handed in and leases taken in one round trip). One client serves many agents (thread-safe). Every
 * refusal is a {@link CallFailed}.
 */
public final class PlatformClient {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(15);

    private final URI registry;
    private final URI broker;
    // HTTP/1.1: each phone is a connection of its own, as in the field
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    /** The platform at device-registry's and job-broker's base URLs. */
    public PlatformClient(URI registry, URI broker) {
        this.registry = registry;
        this.broker = broker;
    }

    /** {@code POST /api/v1/devices} with the partner's enrollment token; 201 → the device's id and credential. */
    public Registration register(String enrollmentToken, String agentVersion, String timeZone) throws InterruptedException {
        ObjectNode body = JSON.createObjectNode().put("agentVersion", agentVersion);
        if (timeZone != null) {
            body.put("timeZone", timeZone);
        }
        JsonNode answer = read(send(post(registry, "/api/v1/devices", enrollmentToken, body)), 201);
        return new Registration(answer.path("deviceId").asText(), answer.path("token").asText(),
                answer.path("heartbeatIntervalSeconds").asInt(60));
    }

    /** {@code POST /api/v1/devices/{id}/heartbeats}; 202 → the seconds until the next one the server asks for. */
    public int heartbeat(String deviceId, String token, Conditions conditions) throws InterruptedException {
        ObjectNode body = JSON.createObjectNode().put("charging", conditions.charging())
                .put("batteryPct", conditions.batteryPct()).put("batteryTempC", conditions.batteryTempC())
                .put("network", conditions.network()).put("screenOff", conditions.screenOff());
        return read(send(post(registry, "/api/v1/devices/" + deviceId + "/heartbeats", token, body)), 202)
                .path("nextHeartbeatSeconds").asInt(60);
    }

    /**
     * {@code POST /api/v1/exchange}: hands in {@code results} (each answered as its own result post would be) and asks
     * for up to {@code want} leases, waiting up to {@code waitSeconds} for one when none fits now; {@code taskTypes}
     * asks only for work this device can compute (empty: any). 200 → the outcomes, in order, and the leases.
     * Interruptible, as a long poll must be: whether interrupted results were recorded is unknown, so the caller
     * hands them in again (a repeat is recorded once).
     */
    public Exchanged exchange(String token, List<LeaseResult> results, int want, int waitSeconds,
                              List<String> taskTypes) throws InterruptedException {
        HttpRequest request = exchangeRequest(token, results, want, waitSeconds, taskTypes);
        return exchanged(send(request), results);
    }

    /**
     * The last exchange before the device stops: {@code results} handed in, no lease asked for, no wait. Not
     * interruptible: it is finished (up to its timeout) and the thread's interrupt status kept for the caller.
     */
    public Exchanged handIn(String token, List<LeaseResult> results) {
        return exchanged(sendUninterruptibly(exchangeRequest(token, results, 0, 0, List.of())), results);
    }

    private HttpRequest exchangeRequest(String token, List<LeaseResult> results, int want, int waitSeconds,
                                               List<String> taskTypes) {
        ObjectNode body = JSON.createObjectNode();
        ArrayNode handedIn = body.putArray("results");
        for (LeaseResult item : results) {
            Result result = item.result();
            ObjectNode answer = handedIn.addObject().put("leaseId", item.leaseId()).putObject("result")
                    .put("status", result.status().name());
            if (result.outputHash() != null) {
                answer.put("outputHash", result.outputHash());
            }
            answer.put("deviceSeconds", result.deviceSeconds());
            if (result.output() != null) {
                answer.put("output", result.output());
            }
        }
        body.put("want", want).put("waitSeconds", waitSeconds);
        if (!taskTypes.isEmpty()) {
            taskTypes.forEach(body.putArray("taskTypes")::add);
        }
        return post(broker, "/api/v1/exchange", token, body, TIMEOUT.plusSeconds(waitSeconds));
    }

    /** The broker's answer to {@code results}: one outcome per result handed in, and the leases. */
    private static Exchanged exchanged(HttpResponse<String> response, List<LeaseResult> results) {
        JsonNode answer = read(response, 200);
        try {
            List<Exchanged.Outcome> outcomes = new ArrayList<>();
            for (JsonNode outcome : answer.path("results")) {
                outcomes.add(new Exchanged.Outcome(text(outcome, "leaseId"), outcome.path("status").asInt(),
                        text(outcome, "jobId"), text(outcome, "jobState"), text(outcome, "detail")));
            }
            if (outcomes.size() != results.size()) {
                throw new IllegalStateException(outcomes.size() + " outcomes for " + results.size() + " results");
            }
            List<Lease> leases = new ArrayList<>();
            for (JsonNode lease : answer.path("leases")) {
                leases.add(new Lease(text(lease, "leaseId"), text(lease, "jobId"), text(lease, "taskType"),
                        text(lease, "inputRef"), text(lease, "inputHash"), Instant.parse(text(lease, "leaseExpiresAt")),
                        text(lease, "input"), text(lease, "model")));
            }
            return new Exchanged(outcomes, leases);
        } catch (RuntimeException e) {
            throw new CallFailed(200, null, "unreadable exchange answer from " + response.uri() + ": " + e.getMessage());
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static HttpRequest post(URI base, String path, String token, JsonNode body) {
        return post(base, path, token, body, TIMEOUT);
    }

    private static HttpRequest post(URI base, String path, String token, JsonNode body, Duration timeout) {
        return HttpRequest.newBuilder(base.resolve(path)).timeout(timeout)
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build();
    }

    private HttpResponse<String> send(HttpRequest request) throws InterruptedException {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new CallFailed(0, null, request.method() + " " + request.uri() + ": " + e);
        }
    }

    private HttpResponse<String> sendUninterruptibly(HttpRequest request) {
        CompletableFuture<HttpResponse<String>> answer = http.sendAsync(request, HttpResponse.BodyHandlers.ofString());
        boolean interrupted = false;
        try {
            long deadline = System.nanoTime() + TIMEOUT.plusSeconds(5).toNanos();
            while (true) {
                try {
                    return answer.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    throw new CallFailed(0, null, request.method() + " " + request.uri() + ": " + e.getCause());
                } catch (TimeoutException e) {
                    answer.cancel(true);
                    throw new CallFailed(0, null, request.method() + " " + request.uri() + ": no answer in time");
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static JsonNode read(HttpResponse<String> response, int expected) {
        if (response.statusCode() != expected) {
            throw new CallFailed(response.statusCode(), retryAfter(response), response.request().method() + " "
                    + response.uri() + " → " + response.statusCode() + " " + response.body());
        }
        try {
            return response.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(response.body());
        } catch (IOException e) {
            throw new CallFailed(response.statusCode(), null, "unreadable answer from " + response.uri());
        }
    }

    /** Retry-After in seconds or as an HTTP date; absent or unreadable → null. */
    static Duration retryAfter(HttpResponse<?> response) {
        Optional<String> header = response.headers().firstValue("Retry-After").map(String::trim);
        if (header.isEmpty()) {
            return null;
        }
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(header.get())));
        } catch (NumberFormatException notSeconds) {
            try {
                Instant at = ZonedDateTime.parse(header.get(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                Duration wait = Duration.between(Instant.now(), at);
                return wait.isNegative() ? Duration.ZERO : wait;
            } catch (DateTimeParseException notADate) {
                return null;
            }
        }
    }
}
