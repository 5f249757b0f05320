package io.nhp.registry.api;

import static io.nhp.registry.api.AuthMatrixIT.Credential.ALG_NONE;
import static io.nhp.registry.api.AuthMatrixIT.Credential.ANOTHER_DEVICE;
import static io.nhp.registry.api.AuthMatrixIT.Credential.BOGUS;
import static io.nhp.registry.api.AuthMatrixIT.Credential.DEVICE;
import static io.nhp.registry.api.AuthMatrixIT.Credential.ENROLLMENT;
import static io.nhp.registry.api.AuthMatrixIT.Credential.EXPIRED_DEVICE;
import static io.nhp.registry.api.AuthMatrixIT.Credential.GATEWAY;
import static io.nhp.registry.api.AuthMatrixIT.Credential.NONE;
import static io.nhp.registry.api.AuthMatrixIT.Credential.NOT_A_DEVICE_ROLE;
import static io.nhp.registry.api.AuthMatrixIT.Credential.OWNER;
import static io.nhp.registry.api.AuthMatrixIT.Credential.REVOKED_DEVICE;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.nhp.kafka.testkit.KafkaTestResource;
import io.nhp.kafka.testkit.PartnerTokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.smallrye.jwt.build.Jwt;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every endpoint of device-registry × every kind of credential, against SECURITY.md's tables ("What is verified
 * where", "Who reads what"): a registration takes only its partner's enrollment token, a device endpoint only the
 * current credential of the device in its path (another device's: 403; revoked, expired, unsigned, of another kind:
 * 401), a batch a gateway token or each item's device credential, the fleet counts anyone. Refusals are problem+json,
 * nothing is ever a 5xx.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
class AuthMatrixIT {

    /** What a caller presents. */
    enum Credential {
        NONE, BOGUS, ALG_NONE, EXPIRED_DEVICE, REVOKED_DEVICE, ANOTHER_DEVICE, NOT_A_DEVICE_ROLE, ENROLLMENT, OWNER,
        GATEWAY, DEVICE
    }

    /** Every endpoint of device-registry; a batch's device credentials travel in its item, a gateway's in the header. */
    enum Endpoint { REGISTER, HEARTBEAT, STATUS, RENEW, BATCH, FLEET }

    static final String OWNER_ID = "o-matrix";

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @BeforeEach
    void seedOnce() {
        DeviceRegistryIT.seedReferenceData(bootstrapServers);
    }

    /** SECURITY.md, endpoint by endpoint: the status each credential gets. */
    static Stream<Arguments> matrix() {
        Map<Endpoint, Map<Credential, Integer>> expected = new EnumMap<>(Endpoint.class);
        // only the partner's enrollment token registers a phone
        expected.put(Endpoint.REGISTER, all(401, Map.of(ENROLLMENT, 201)));
        // a device endpoint: the path's device, its current credential
        expected.put(Endpoint.HEARTBEAT, all(401, Map.of(ANOTHER_DEVICE, 403, NOT_A_DEVICE_ROLE, 403, DEVICE, 202)));
        expected.put(Endpoint.STATUS, all(401, Map.of(ANOTHER_DEVICE, 403, NOT_A_DEVICE_ROLE, 403, DEVICE, 200)));
        expected.put(Endpoint.RENEW, all(401, Map.of(ANOTHER_DEVICE, 403, NOT_A_DEVICE_ROLE, 403, DEVICE, 201)));
        // a batch: a gateway, or each item's device credential (the item's status)
        expected.put(Endpoint.BATCH, all(401, Map.of(ANOTHER_DEVICE, 403, NOT_A_DEVICE_ROLE, 403, GATEWAY, 202,
                DEVICE, 202)));
        // fleet counts are public
        expected.put(Endpoint.FLEET, all(200, Map.of()));
        List<Arguments> rows = new ArrayList<>();
        expected.forEach((endpoint, statuses) -> statuses.forEach((credential, status) ->
                rows.add(Arguments.of(endpoint, credential, status))));
        return rows.stream();
    }

    @ParameterizedTest(name = "{0} with {1}: {2}")
    @MethodSource("matrix")
    void shouldAnswerEachCredentialAsSecurityMdSays(Endpoint endpoint, Credential credential, int expected) {
        // given a registered phone (the path's device) and the credential
        RegisteredDevice device = DeviceRegistryIT.register("Xiaomi 14", "India");
        String token = token(credential, device, endpoint);

        // when the endpoint is called with it (a success that needs the device's state is awaited)
        Response answer = expected == 200
                ? await().atMost(Duration.ofSeconds(30)).until(() -> call(endpoint, credential, token, device),
                        r -> r.statusCode() != 404 && r.statusCode() != 503)
                : call(endpoint, credential, token, device);

        // then it gets what SECURITY.md says, and a refusal is a problem
        int status = endpoint == Endpoint.BATCH && answer.statusCode() == 200
                ? answer.jsonPath().getInt("results[0].status") : answer.statusCode();
        assertThat(status).as("%s with %s: %s", endpoint, credential, answer.asString()).isEqualTo(expected);
        if (answer.statusCode() >= 400) {
            assertThat(answer.contentType()).startsWith("application/problem+json");
        }
        if (answer.statusCode() == 401) {
            assertThat(answer.header("WWW-Authenticate")).startsWith("Bearer");
        }
    }

    private Response call(Endpoint endpoint, Credential credential, String token, RegisteredDevice device) {
        String id = device.deviceId();
        return switch (endpoint) {
            case REGISTER -> authorized(token).body("{\"agentVersion\":\"1.4.0\"}").post("/api/v1/devices");
            case HEARTBEAT -> authorized(token).body(DeviceRegistryIT.ELIGIBLE).post("/api/v1/devices/{id}/heartbeats", id);
            case STATUS -> {
                beat(device);
                yield authorized(token).get("/api/v1/devices/{id}", id);
            }
            case RENEW -> authorized(token).post("/api/v1/devices/{id}/credentials", id);
            case BATCH -> {
                boolean inHeader = credential == GATEWAY || credential == BOGUS;
                String item = DeviceRegistryIT.ELIGIBLE.replace("{", "{\"deviceId\":\"" + id + "\","
                        + (inHeader || token == null ? "" : "\"token\":\"" + token + "\","));
                yield authorized(inHeader ? token : null).body("{\"heartbeats\":[" + item + "]}").post("/api/v1/heartbeats");
            }
            case FLEET -> authorized(token).get("/api/v1/fleet?partner=xiaomi");
        };
    }

    /** The credential as a caller of this endpoint would present it, for the path's device. */
    private static String token(Credential credential, RegisteredDevice device, Endpoint endpoint) {
        return switch (credential) {
            case NONE -> null;
            case BOGUS -> "bogus-" + UUID.randomUUID();
            case ALG_NONE -> unsigned(device.deviceId());
            case EXPIRED_DEVICE -> Jwt.issuer("https://nhp.io/device-registry").subject(device.deviceId())
                    .groups(Set.of("device")).claim("partner", "xiaomi").claim("cv", 1)
                    .issuedAt(Instant.now().minus(Duration.ofDays(2))).expiresAt(Instant.now().minus(Duration.ofDays(1)))
                    .sign();
            case REVOKED_DEVICE -> {
                authorized(device.token()).post("/api/v1/devices/{id}/credentials", device.deviceId())
                        .then().statusCode(201);
                yield device.token();
            }
            case ANOTHER_DEVICE -> DeviceRegistryIT.register("Xiaomi 14", "India").token();
            // signed with the device key, for this device, but without the device role
            case NOT_A_DEVICE_ROLE -> Jwt.issuer("https://nhp.io/device-registry").subject(device.deviceId())
                    .groups(Set.of("owner")).claim("partner", "xiaomi").claim("cv", 1).sign();
            case ENROLLMENT -> PartnerTokens.enrollment("xiaomi", OWNER_ID, "Xiaomi 14", "India");
            case OWNER -> PartnerTokens.owner("xiaomi", OWNER_ID);
            case GATEWAY -> "test-gateway-token";
            case DEVICE -> device.token();
        };
    }

    /** A device credential with {@code "alg":"none"}: the claims of a real one, no signature. */
    private static String unsigned(String deviceId) {
        var encoder = Base64.getUrlEncoder().withoutPadding();
        String header = "{\"alg\":\"none\",\"typ\":\"JWT\"}";
        String claims = "{\"iss\":\"https://nhp.io/device-registry\",\"sub\":\"" + deviceId + "\",\"groups\":[\"device\"],"
                + "\"partner\":\"xiaomi\",\"cv\":1,\"iat\":" + Instant.now().getEpochSecond() + ",\"exp\":"
                + Instant.now().plus(Duration.ofHours(1)).getEpochSecond() + "}";
        return encoder.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "."
                + encoder.encodeToString(claims.getBytes(StandardCharsets.UTF_8)) + ".";
    }

    private static void beat(RegisteredDevice device) {
        authorized(device.token()).body(DeviceRegistryIT.ELIGIBLE)
                .post("/api/v1/devices/{id}/heartbeats", device.deviceId());
    }

    private static RequestSpecification authorized(String token) {
        RequestSpecification request = given().contentType(ContentType.JSON);
        return token == null ? request : request.auth().oauth2(token);
    }

    private static Map<Credential, Integer> all(int status, Map<Credential, Integer> except) {
        Map<Credential, Integer> statuses = new EnumMap<>(Credential.class);
        for (Credential credential : Credential.values()) {
            statuses.put(credential, except.getOrDefault(credential, status));
        }
        return statuses;
    }
}
