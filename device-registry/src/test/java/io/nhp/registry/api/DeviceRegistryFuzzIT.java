package io.nhp.registry.api;

import static io.nhp.kafka.testkit.MalformedJson.badNumber;
import static io.nhp.kafka.testkit.MalformedJson.notBoolean;
import static io.nhp.kafka.testkit.MalformedJson.notOneOf;
import static io.nhp.kafka.testkit.MalformedJson.notText;
import static io.nhp.kafka.testkit.MalformedJson.tooLong;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.nhp.contracts.Topics;
import io.nhp.contracts.events.NetworkType;
import io.nhp.contracts.events.ThermalStatus;
import io.nhp.kafka.testkit.EndOffsets;
import io.nhp.kafka.testkit.KafkaTestResource;
import io.nhp.kafka.testkit.MalformedJson;
import io.nhp.kafka.testkit.PartnerTokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Generated malformed bodies ({@link MalformedJson}, fixed seeds, so a failure is repeatable) posted to every write
 * endpoint of device-registry with a valid credential: each is refused with a 4xx problem+json, never a 5xx, and
 * the topics those endpoints write (registrations, heartbeats) end where they were.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
class DeviceRegistryFuzzIT {

    static final int BODIES = 120;
    static final long SEED = 19;
    static final String OWNER = "o-fuzz";

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    RegisteredDevice device;

    @BeforeEach
    void registerADevice() {
        DeviceRegistryIT.seedReferenceData(bootstrapServers);
        device = DeviceRegistryIT.register("Xiaomi 14", "India");
    }

    @Test
    void shouldRefuseEveryMalformedRegistrationWithAProblemAndRegisterNone() {
        // given a valid enrollment token and bodies that each have one thing wrong
        String enrollment = PartnerTokens.enrollment("xiaomi", OWNER, "Xiaomi 14", "India");

        // when / then
        refusedAll(registrations(), body -> post("/api/v1/devices", enrollment, body));
    }

    @Test
    void shouldRefuseEveryMalformedHeartbeatWithAProblemAndPublishNone() {
        refusedAll(heartbeats(), body -> post("/api/v1/devices/" + device.deviceId() + "/heartbeats", device.token(), body));
    }

    @Test
    void shouldRefuseEveryMalformedBatchOrEachOfItsMalformedItemsAndPublishNone() {
        // given a gateway's batches: the whole body mangled, or one item of three valid-looking ones
        Map<String, String> item = MalformedJson.with(heartbeat(), "deviceId", "\"" + device.deviceId() + "\"");
        Map<String, Arbitrary<String>> wrong = new LinkedHashMap<>(heartbeatWrongs());
        wrong.put("deviceId", Arbitraries.oneOf(notText(), Arbitraries.of("null", "\"\"", "\"no-such-device\"")));
        Arbitrary<String> items = MalformedJson.bodies(item, wrong, Set.of("deviceId", "charging", "batteryPct",
                "batteryTempC", "network", "screenOff"), true, Set.of("token"));
        Arbitrary<String> batches = Arbitraries.oneOf(
                items.map(bad -> "{\"heartbeats\":[" + bad + "]}"),
                MalformedJson.bodies(Map.of("heartbeats", "[" + MalformedJson.object(item) + "]"),
                        Map.of("heartbeats", Arbitraries.of("null", "{}", "\"x\"", "7", "[null]", "[[]]", "[7]")),
                        Set.of("heartbeats"), false, Set.of()));

        // when / then: a 4xx problem, or a 200 that refuses every item with a 4xx
        long before = writtenSoFar();
        for (String body : MalformedJson.sample(batches, SEED, BODIES)) {
            Response answer = post("/api/v1/heartbeats", "test-gateway-token", body);
            if (answer.statusCode() == 200) {
                assertThat(answer.jsonPath().getList("results.status", Integer.class)).as("answer to %s", body)
                        .isNotEmpty().allMatch(status -> status >= 400 && status < 500);
            } else {
                assertRefused(answer, body);
            }
        }
        assertThat(writtenSoFar()).isEqualTo(before);
    }

    @Test
    void shouldRefuseAnyBodyToACredentialRenewalAndRevokeNothing() {
        // given bodies of every kind, well-formed ones included: a renewal takes none
        Arbitrary<String> bodies = Arbitraries.oneOf(registrations(), heartbeats(),
                Arbitraries.of("{}", "[]", "null", DeviceRegistryIT.ELIGIBLE));

        // when / then
        refusedAll(bodies, body -> post("/api/v1/devices/" + device.deviceId() + "/credentials", device.token(), body));
        given().auth().oauth2(device.token()).contentType(ContentType.JSON).body(DeviceRegistryIT.ELIGIBLE)
                .post("/api/v1/devices/{id}/heartbeats", device.deviceId()).then().statusCode(202);
    }

    /** A registration with one thing wrong; the token's partner, owner, model and market repeated in it. */
    static Arbitrary<String> registrations() {
        Map<String, String> valid = new LinkedHashMap<>();
        valid.put("partner", "\"xiaomi\"");
        valid.put("model", "\"Xiaomi 14\"");
        valid.put("market", "\"India\"");
        valid.put("ownerId", "\"" + OWNER + "\"");
        valid.put("agentVersion", "\"1.4.0\"");
        valid.put("activeHours", "{\"start\":\"22:00\",\"end\":\"07:00\"}");
        valid.put("timeZone", "\"Asia/Kolkata\"");
        Map<String, Arbitrary<String>> wrong = new LinkedHashMap<>();
        for (String text : List.of("partner", "model", "market", "ownerId")) {
            wrong.put(text, Arbitraries.oneOf(notText(), tooLong(128)));
        }
        wrong.put("agentVersion", Arbitraries.oneOf(notText(), tooLong(32)));
        wrong.put("timeZone", Arbitraries.oneOf(notText(), tooLong(64), Arbitraries.of("\"Mars/Olympus\"", "\"\"")));
        wrong.put("activeHours", Arbitraries.of("{}", "{\"start\":\"25:00\",\"end\":\"07:00\"}", "{\"start\":\"22:00\"}",
                "\"22:00\"", "[]", "7", "{\"start\":\"22:00\",\"end\":\"07:00\",\"tz\":1}", "{\"start\":7,\"end\":\"07:00\"}",
                "{\"start\":\"22:00\",\"end\":\"07:00\",\"start\":\"23:00\"}", "{\"start\":null,\"end\":\"07:00\"}"));
        return MalformedJson.bodies(valid, wrong, Set.of(), true, Set.of());
    }

    static Arbitrary<String> heartbeats() {
        return MalformedJson.bodies(heartbeat(), heartbeatWrongs(),
                Set.of("charging", "batteryPct", "batteryTempC", "network", "screenOff"), true, Set.of());
    }

    static Map<String, String> heartbeat() {
        Map<String, String> valid = new LinkedHashMap<>();
        valid.put("charging", "true");
        valid.put("batteryPct", "80");
        valid.put("batteryTempC", "31.5");
        valid.put("network", "\"WIFI\"");
        valid.put("screenOff", "true");
        valid.put("cpuLoadPct", "12");
        valid.put("thermalStatus", "\"NONE\"");
        return valid;
    }

    /** What no heartbeat field takes (a required one: null either). */
    static Map<String, Arbitrary<String>> heartbeatWrongs() {
        Arbitrary<String> nul = Arbitraries.just("null");
        Map<String, Arbitrary<String>> wrong = new LinkedHashMap<>();
        wrong.put("charging", Arbitraries.oneOf(notBoolean(), nul));
        wrong.put("screenOff", Arbitraries.oneOf(notBoolean(), nul));
        wrong.put("batteryPct", Arbitraries.oneOf(badNumber(0, 100, true), nul));
        wrong.put("batteryTempC", Arbitraries.oneOf(badNumber(-20, 90, false), nul));
        wrong.put("cpuLoadPct", badNumber(0, 100, true));
        wrong.put("network", Arbitraries.oneOf(notOneOf(names(NetworkType.values())), nul));
        wrong.put("thermalStatus", notOneOf(names(ThermalStatus.values())));
        wrong.put("at", Arbitraries.of("\"yesterday\"", "1e400", "-1e400", "1733220930", "\"2026-13-01T00:00:00Z\"",
                "true", "[]", "{}", "\"\"", "\"+999999999-12-31T23:59:59Z\""));
        return wrong;
    }

    private void refusedAll(Arbitrary<String> bodies, Function<String, Response> post) {
        long before = writtenSoFar();
        for (String body : MalformedJson.sample(bodies, SEED, BODIES)) {
            assertRefused(post.apply(body), body);
        }
        assertThat(writtenSoFar()).as("records written to registrations and heartbeats").isEqualTo(before);
    }

    static void assertRefused(Response answer, String body) {
        assertThat(answer.statusCode()).as("answer to %s: %s", body, answer.asString()).isBetween(400, 499);
        assertThat(answer.contentType()).as("answer to %s", body).startsWith("application/problem+json");
    }

    private long writtenSoFar() {
        return EndOffsets.of(bootstrapServers, Topics.DEVICES_REGISTERED.name(), Topics.DEVICES_HEARTBEATS.name());
    }

    private static Response post(String path, String token, String body) {
        return given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(body.getBytes(StandardCharsets.UTF_8)).post(path);
    }

    private static String[] names(Enum<?>[] values) {
        return Arrays.stream(values).map(Enum::name).toArray(String[]::new);
    }
}
