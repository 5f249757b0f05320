package io.nhp.jobs.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.startsWith;

import io.nhp.kafka.testkit.KafkaTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.smallrye.jwt.build.Jwt;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every job-broker endpoint × every kind of credential, against the rules of SECURITY.md ("What is verified where",
 * "Who reads what"): without a valid credential 401 (with WWW-Authenticate: Bearer); a valid credential of the wrong
 * kind 403; a device only as itself, on its current credential version (an older one: 401); a partner only its own
 * (another's queue: 403; another's job: 404, its existence is not told); never a 5xx; every refusal problem+json.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
class AuthMatrixIT extends WithTaskTypes {

    static final Duration WAIT = Duration.ofSeconds(30);
    static final String A = "matrix-a";
    static final String B = "matrix-b";
    static Fixture fixture;

    /** A job-broker endpoint, called on the resources of the fixture. */
    enum Endpoint { SUBMIT, BATCH, JOB, QUEUE, NEXT, RESULT }

    /**
     * What the request carries. DEVICE is a current device credential of the device the request is about (on the
     * partner API: a device credential where a partner's is needed); PARTNER is partner A's token (on the device API:
     * a partner's token where a device's is needed).
     */
    enum Credential { NONE, BOGUS, ALG_NONE, EXPIRED, REVOKED, OTHER_DEVICE, OTHER_PARTNER, DEVICE, PARTNER }

    static Stream<Arguments> matrix() {
        return Stream.of(
                //                NONE BOGUS ALG_NONE EXPIRED REVOKED OTHER_DEVICE OTHER_PARTNER DEVICE PARTNER
                row(Endpoint.SUBMIT, 401, 401, 401, 401, 403, 403, 202, 403, 202), // B submits its own job
                row(Endpoint.BATCH, 401, 401, 401, 401, 403, 403, 202, 403, 202),  // B submits its own jobs
                row(Endpoint.JOB, 401, 401, 401, 401, 403, 403, 404, 403, 200),
                row(Endpoint.QUEUE, 401, 401, 401, 401, 403, 403, 403, 403, 200),
                row(Endpoint.NEXT, 401, 401, 401, 401, 401, 403, 403, 204, 403),
                row(Endpoint.RESULT, 401, 401, 401, 401, 401, 403, 403, 200, 403))
                .flatMap(Stream::of);
    }

    private static Arguments[] row(Endpoint endpoint, int... expected) {
        Credential[] credentials = Credential.values();
        Arguments[] row = new Arguments[credentials.length];
        for (int i = 0; i < credentials.length; i++) {
            row[i] = Arguments.of(endpoint, credentials[i], expected[i]);
        }
        return row;
    }

    @BeforeEach
    void createFixtureOnce() {
        if (fixture == null) {
            fixture = Fixture.create(bootstrapServers);
        }
    }

    @ParameterizedTest(name = "{0} with {1} → {2}")
    @MethodSource("matrix")
    void shouldAnswerEachCredentialAsSecurityMdSays(Endpoint endpoint, Credential credential, int expected) {
        // given the fixture: partner A's job J leased to device B; device D with no work; devices B and D renewed
        // when
        Response response = fixture.call(endpoint, credential);

        // then
        assertThat(response.statusCode()).as(response.asString()).isEqualTo(expected).isLessThan(500);
        if (expected >= 400) {
            response.then().contentType("application/problem+json");
        }
        if (expected == 401) {
            response.then().header("WWW-Authenticate", startsWith("Bearer"));
        }
    }

    /** Partner A's job leased to device B (credential version 2); D (version 2) has no work; A another device. */
    record Fixture(String jobId, String leaseId, String deviceA, String deviceB, String deviceD) {

        static Fixture create(String bootstrapServers) {
            String a = "d-a-" + UUID.randomUUID();
            String b = "d-b-" + UUID.randomUUID();
            String d = "d-d-" + UUID.randomUUID();
            Devices.register(bootstrapServers, a, A, "o-a", 1);
            Devices.register(bootstrapServers, b, A, "o-b", 2);
            Devices.register(bootstrapServers, d, A, "o-d", 2);
            Devices.eligible(bootstrapServers, b, A, "o-b", 34.0);
            String jobId = JobBrokerIT.accepted(JobBrokerIT.submit(A, JobBrokerIT.job("test_echo", 600, 1)));
            String leaseId = await().atMost(WAIT).until(() -> next(b, Devices.token(b, A, 2)),
                    r -> r.statusCode() == 200 && jobId.equals(r.path("jobId"))).path("leaseId");
            await().atMost(WAIT).until(() -> next(d, Devices.token(d, A, 1)).statusCode() == 401);
            return new Fixture(jobId, leaseId, a, b, d);
        }

        Response call(Endpoint endpoint, Credential credential) {
            String device = endpoint == Endpoint.RESULT ? deviceB : deviceD; // the device the request is about
            RequestSpecification request = given().redirects().follow(false);
            String token = token(credential, device);
            if (token != null) {
                request.auth().oauth2(token);
            }
            return switch (endpoint) {
                case SUBMIT -> request.contentType(ContentType.JSON).body(JobBrokerIT.job("test_echo", 600, 1))
                        .post("/api/v1/jobs");
                case BATCH -> request.contentType(ContentType.JSON)
                        .body("{\"jobs\":[" + JobBrokerIT.job("test_echo", 600, 1) + "]}").post("/api/v1/jobs:batch");
                case JOB -> request.get("/api/v1/jobs/{id}", jobId);
                case QUEUE -> request.get("/api/v1/partners/{p}/queue", A);
                case NEXT -> request.get("/api/v1/devices/{id}/jobs/next?waitSeconds=0", device);
                case RESULT -> request.contentType(ContentType.JSON)
                        .body("{\"status\":\"SUCCEEDED\",\"outputHash\":\"sha256:out\",\"deviceSeconds\":1.5}")
                        .post("/api/v1/leases/{id}/result", leaseId);
            };
        }

        private String token(Credential credential, String device) {
            return switch (credential) {
                case NONE -> null;
                case BOGUS -> "not-a-credential";
                case ALG_NONE -> algNone(device);
                case EXPIRED -> Jwt.issuer(Devices.ISSUER).subject(device).groups(Set.of("device")).claim("partner", A)
                        .claim("cv", 2).issuedAt(Instant.now().minusSeconds(7200))
                        .expiresAt(Instant.now().minusSeconds(3600)).sign();
                case REVOKED -> Devices.token(device, A, 1);
                case OTHER_DEVICE -> Devices.token(deviceA, A, 1);
                case OTHER_PARTNER -> JobBrokerIT.token(B);
                case DEVICE -> Devices.token(device, A, 2);
                case PARTNER -> JobBrokerIT.token(A);
            };
        }

        /** An unsigned JWT ({@code alg: none}) with a device's claims. */
        private static String algNone(String device) {
            var encoder = Base64.getUrlEncoder().withoutPadding();
            String header = "{\"alg\":\"none\",\"typ\":\"JWT\"}";
            String claims = "{\"iss\":\"" + Devices.ISSUER + "\",\"sub\":\"" + device + "\",\"groups\":[\"device\"],"
                    + "\"partner\":\"" + A + "\",\"cv\":2,\"iat\":" + Instant.now().getEpochSecond() + ",\"exp\":"
                    + Instant.now().plusSeconds(3600).getEpochSecond() + "}";
            return encoder.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "."
                    + encoder.encodeToString(claims.getBytes(StandardCharsets.UTF_8)) + ".";
        }

        private static Response next(String device, String token) {
            return given().auth().oauth2(token).get("/api/v1/devices/{id}/jobs/next?waitSeconds=0", device);
        }
    }
}
