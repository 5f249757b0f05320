package io.nhp.report.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.nhp.contracts.Topics;
import io.nhp.contracts.events.CapacityEvent;
import io.nhp.contracts.events.DeviceState;
import io.nhp.contracts.events.DeviceStatusEvent;
import io.nhp.kafka.testkit.Caller;
import io.nhp.kafka.testkit.KafkaTestResource;
import io.nhp.kafka.testkit.ReferenceSeed;
import io.nhp.kafka.testkit.TopicWriter;
import io.nhp.report.pages.Projections;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.InputStream;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * SECURITY.md's "Who reads what", for every report-service endpoint that holds money or personal data, against
 * every kind of caller: each row of {@link #matrix()} is an endpoint, a caller and what that caller must get.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
class AuthMatrixIT {

    static final String OWNER = Caller.OWNER_ID;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @TestHTTPResource("/")
    URL base;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    /** What each caller gets: a status and, for the public report, whether the live (money) part is in it. */
    static Stream<Arguments> matrix() {
        return Stream.of(Caller.values()).flatMap(caller -> Stream.of(
                Arguments.of("GET /api/v1/owners/{o}", "api/v1/owners/" + OWNER, "application/json", caller,
                        owners(caller), null),
                Arguments.of("GET /owners/{o} (page)", "owners/" + OWNER, "text/html", caller, owners(caller), null),
                Arguments.of("GET /api/v1/partners/xiaomi/savings/stream", "api/v1/partners/xiaomi/savings/stream",
                        "text/event-stream", caller, unauthenticated(caller) ? 401 : caller == Caller.XIAOMI ? 200 : 403,
                        null),
                // public: everyone reads the report; its live part (fleet, savings, payouts) is xiaomi's and ops'
                Arguments.of("GET /api/v1/reports/xiaomi", "api/v1/reports/xiaomi", "application/json", caller, 200,
                        caller == Caller.XIAOMI || caller == Caller.OPS),
                Arguments.of("GET /api/v1/live/dashboard", "api/v1/live/dashboard", "application/json", caller, 200,
                        null)));
    }

    /** An owner's phones: the owner (vouched for by their partner) and ops. */
    private static int owners(Caller caller) {
        if (unauthenticated(caller)) {
            return 401;
        }
        return switch (caller) {
            case OWNER, OPS -> 200;
            // an owner id is its partner's: the same id at samsung is someone else, who has no phones here
            case SAME_ID_AT_SAMSUNG -> 404;
            default -> 403;
        };
    }

    /** No credential report-service accepts (Prometheus' token is economics-service's alone). */
    private static boolean unauthenticated(Caller caller) {
        return caller == Caller.NOBODY || caller.counterfeit() || caller == Caller.METRICS;
    }

    private static boolean seeded;

    @BeforeEach
    void givenXiaomiHasAFleetAndTheOwnerAPhone() throws Exception {
        if (seeded) {
            return;
        }
        ReferenceSeed.publish(bootstrapServers, Instant.parse("2026-02-25T00:00:00Z"));
        TopicWriter.send(bootstrapServers, Topics.ECONOMICS_PROJECTIONS, "xiaomi", Projections.event("xiaomi", "xiaomi"));
        TopicWriter.send(bootstrapServers, Topics.ECONOMICS_CAPACITY, "xiaomi", new CapacityEvent("c-matrix",
                Instant.now(), "xiaomi", null, 12L, 9L, 5L, 170.0, 0.085, 0.4167, "optimistic", Instant.now()));
        TopicWriter.send(bootstrapServers, Topics.DEVICES_STATUS, OWNER + "-phone", new DeviceStatusEvent(
                "s-matrix", Instant.now(), OWNER + "-phone", "xiaomi", OWNER, "china", "Xiaomi 14", 34.0, 12,
                DeviceState.OFFLINE, DeviceState.ELIGIBLE, List.of(), Instant.now()));
        await().atMost(Duration.ofSeconds(30)).until(() -> send("api/v1/owners/" + OWNER, "application/json",
                Caller.OPS).statusCode() == 200 && send("api/v1/reports/xiaomi", "application/json", Caller.OPS)
                .statusCode() == 200);
        seeded = true;
    }

    @ParameterizedTest(name = "{0} as {3} → {4}")
    @MethodSource("matrix")
    void shouldAnswerEachCallerAsSecurityMdSays(String endpoint, String path, String accept, Caller caller,
                                                int status, Boolean seesLive) throws Exception {
        HttpResponse<InputStream> response = send(path, accept, caller);
        try (InputStream body = response.body()) {
            assertThat(response.statusCode()).as(endpoint + " as " + caller).isEqualTo(status);
            if (status >= 400 && !accept.equals("text/html")) {
                assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
                        assertThat(type).startsWith("application/problem+json"));
            }
            if (status == 401) {
                assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(challenge ->
                        assertThat(challenge).startsWith("Bearer"));
            }
            if (seesLive != null) {
                String json = new String(body.readAllBytes(), StandardCharsets.UTF_8);
                assertThat(json).as("the live part of the report, as " + caller)
                        .matches(seesLive ? "(?s).*\"live\":\\{.*" : "(?s).*\"live\":null.*");
            }
        }
    }

    private HttpResponse<InputStream> send(String path, String accept, Caller caller) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).header("Accept", accept);
        if (caller.token != null) {
            request.header("Authorization", "Bearer " + caller.token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
    }
}
