package io.nhp.sim;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.nhp.agent.PartnerKey;
import io.nhp.sim.model.PhoneState;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The platform as phones and a partner see it: only the public HTTP APIs of pricing-service (profiles, task types),
 * device-registry (registration, heartbeats), job-broker (the partner's submissions and requests; the phones' exchange
 * is the reference agent's {@link io.nhp.agent.protocol.PlatformClient}). Never Kafka.
 */
public final class Platform {

    /** An HTTP answer the simulator did not expect. */
    public static final class Refused extends RuntimeException {
        public final int status;

        Refused(int status, String what) {
            super(what);
            this.status = status;
        }
    }

    public record Urls(URI pricing, URI registry, URI broker) {
    }

    public record Registered(String deviceId, String token, int heartbeatIntervalSeconds) {
    }

    /** One heartbeat of a batch. */
    public record Beat(String deviceId, PhoneState state) {
    }

    static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    // HTTP/1.1: each phone is a connection of its own, as in the field, not one multiplexed HTTP/2 stream
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final Urls urls;
    private final PartnerKey partnerKey;

    /** The platform at {@code urls}; phones are enrolled with tokens {@code partnerKey} signs. */
    public Platform(Urls urls, PartnerKey partnerKey) {
        this.urls = urls;
        this.partnerKey = partnerKey;
    }

    /** The partner's profile as pricing-service serves it. */
    public JsonNode partnerProfile(String partner) {
        return send(get(urls.pricing(), "/api/v1/partners/" + partner), 200).path("profile");
    }

    /** GPU-seconds per task, by task type. */
    public Map<String, Double> taskGpuSeconds() {
        Map<String, Double> tasks = new LinkedHashMap<>();
        send(get(urls.pricing(), "/api/v1/task-types"), 200)
                .forEach(item -> tasks.put(item.path("id").asText(), item.path("data").path("gpu_seconds_per_task").asDouble()));
        return tasks;
    }

    /** A model constant, e.g. {@code h100_tops}. */
    public double constant(String name) {
        return send(get(urls.pricing(), "/api/v1/constants/" + name), 200).path("data").path("value").asDouble();
    }

    /**
     * Registers a phone as the field does: the partner enrolls it (an enrollment token naming owner, model and
     * market, signed with the partner's key) and the phone posts it with what it knows of itself.
     */
    public Registered register(String partner, String model, String market, String ownerId, String timeZone,
                               String activeFrom, String activeTo) {
        String enrollment = partnerKey.enrollment(partner, ownerId, model, market, PartnerKey.ENROLLMENT_LIFETIME);
        ObjectNode body = JSON.createObjectNode().put("agentVersion", "fleet-simulator").put("timeZone", timeZone);
        body.putObject("activeHours").put("start", activeFrom).put("end", activeTo);
        JsonNode answer = send(post(urls.registry(), "/api/v1/devices", enrollment, body), 201);
        return new Registered(answer.path("deviceId").asText(), answer.path("token").asText(),
                answer.path("heartbeatIntervalSeconds").asInt(60));
    }

    /** One phone's heartbeat with its own token; the next interval the server asks for. */
    public int heartbeat(String deviceId, String token, PhoneState state) {
        return send(post(urls.registry(), "/api/v1/devices/" + deviceId + "/heartbeats", token, beat(state)), 202)
                .path("nextHeartbeatSeconds").asInt(60);
    }

    /** One item's answer in a batch: the next interval, or the refusal's status and reason. */
    public record BeatAnswer(int status, int nextHeartbeatSeconds, String reason) {
    }

    /** Many phones' heartbeats through a gateway credential; an answer per item, in order. */
    public List<BeatAnswer> heartbeats(String gatewayToken, List<Beat> beats) {
        ObjectNode body = JSON.createObjectNode();
        ArrayNode items = body.putArray("heartbeats");
        beats.forEach(b -> items.add(beat(b.state()).put("deviceId", b.deviceId())));
        List<BeatAnswer> answers = new ArrayList<>();
        send(post(urls.registry(), "/api/v1/heartbeats", gatewayToken, body), 200).path("results").forEach(item ->
                answers.add(new BeatAnswer(item.path("status").asInt(), item.path("nextHeartbeatSeconds").asInt(60),
                        item.path("reason").asText("") + " " + item.path("errors"))));
        return answers;
    }

    /** A partner's job; its id. */
    public String submit(String partnerToken, String taskType, String inputRef, String inputHash, int redundancy) {
        ObjectNode body = JSON.createObjectNode().put("taskType", taskType).put("inputRef", inputRef)
                .put("inputHash", inputHash).put("redundancy", redundancy);
        return send(post(urls.broker(), "/api/v1/jobs", partnerToken, body), 201, 202, 200).path("jobId").asText();
    }

    /**
     * The partner's OpenAI-compatible embeddings request ({@code POST /v1/embeddings}) for {@code texts}; who served
     * it, as the {@code x-nhp-served-by} header says ({@code phones}, {@code cloud} or {@code mixed}).
     */
    public String embeddings(String partnerToken, List<String> texts) {
        ObjectNode body = JSON.createObjectNode().put("model", "all-MiniLM-L6-v2").put("encoding_format", "base64");
        texts.forEach(body.putArray("input")::add);
        HttpRequest request = HttpRequest.newBuilder(urls.broker().resolve("/v1/embeddings"))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + partnerToken)
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build();
        HttpResponse<String> response = exchange(request);
        read(response, 200);
        return response.headers().firstValue("x-nhp-served-by").orElse("unknown");
    }


    private static ObjectNode beat(PhoneState state) {
        return JSON.createObjectNode().put("charging", state.charging()).put("batteryPct", state.batteryPct())
                .put("batteryTempC", state.batteryTempC()).put("network", state.network().name())
                .put("screenOff", state.screenOff()).put("cpuLoadPct", state.cpuLoadPct())
                .put("thermalStatus", state.thermalStatus().name());
    }

    private static HttpRequest get(URI base, String path) {
        return HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(15)).GET().build();
    }

    private static HttpRequest post(URI base, String path, String token, JsonNode body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(15))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return request.build();
    }

    private JsonNode send(HttpRequest request, int... expected) {
        return read(exchange(request), expected);
    }

    private HttpResponse<String> exchange(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new Refused(0, request.method() + " " + request.uri() + ": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Refused(0, "interrupted");
        }
    }

    private static JsonNode read(HttpResponse<String> response, int... expected) {
        for (int status : expected) {
            if (response.statusCode() == status) {
                try {
                    return response.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(response.body());
                } catch (IOException e) {
                    throw new Refused(response.statusCode(), "unreadable answer from " + response.uri());
                }
            }
        }
        throw new Refused(response.statusCode(), response.request().method() + " " + response.uri() + " → "
                + response.statusCode() + " " + response.body());
    }
}
