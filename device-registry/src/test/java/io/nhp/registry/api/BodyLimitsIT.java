package io.nhp.registry.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.nhp.contracts.TopicSnapshot;
import io.nhp.contracts.Topics;
import io.nhp.kafka.testkit.KafkaTestResource;
import io.nhp.kafka.testkit.PartnerTokens;
import io.nhp.kafka.testkit.RawPost;
import io.nhp.kafka.testkit.ReferenceSeed;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Body limits on the bytes read: 16 KiB for a registration or a heartbeat, 1 MiB for a batch, chunked or not. */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
class BodyLimitsIT {

    static final int KIB = 1024;
    static final Duration WAIT = Duration.ofSeconds(30);
    static final Pattern TOO_LARGE = Pattern.compile("nhp_heartbeats_rejected_total\\{reason=\"too_large\"} ([0-9.E]+)");
    static boolean seeded;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @TestHTTPResource("/")
    URI root;

    @BeforeEach
    void seedOnce() {
        if (!seeded) {
            ReferenceSeed.publish(bootstrapServers, Instant.now());
            await().atMost(WAIT).until(() -> registration("o-1", "{}").statusCode() == 201);
            seeded = true;
        }
    }

    @Test
    void shouldRefuseARegistrationOverTheLimitSentChunkedOrDeclaredAndPublishNothing() {
        // given
        String owner = "too-large-" + UUID.randomUUID();
        String enrollment = PartnerTokens.enrollment("xiaomi", owner, "Xiaomi 14", "India");
        byte[] body = RawPost.padded("{\"agentVersion\":\"1.4.0\"}", 96 * KIB);

        // when
        var chunked = RawPost.chunked("POST", root.resolve("/api/v1/devices"), enrollment, "application/json", body);
        var declared = RawPost.declared("POST", root.resolve("/api/v1/devices"), enrollment, "application/json", body);

        // then
        RawPost.assertTooLarge(chunked, "16 KiB");
        RawPost.assertTooLarge(declared, "16 KiB");
        assertThat(TopicSnapshot.read(bootstrapServers, Topics.DEVICES_REGISTERED, WAIT))
                .noneMatch(r -> r.value() != null && owner.equals(r.value().ownerId()));
    }

    @Test
    void shouldTakeARegistrationJustUnderTheLimitSentChunked() {
        // given
        String owner = "just-under-" + UUID.randomUUID();
        String enrollment = PartnerTokens.enrollment("xiaomi", owner, "Xiaomi 14", "India");

        // when
        var response = RawPost.chunked("POST", root.resolve("/api/v1/devices"), enrollment, "application/json",
                RawPost.padded("{\"agentVersion\":\"1.4.0\"}", 16 * KIB));

        // then
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    }

    @Test
    void shouldRefuseAHeartbeatOverTheLimitSentChunkedCountItAsTooLargeAndPublishNothing() {
        // given
        JsonPath device = registration("o-1", "{}").then().statusCode(201).extract().jsonPath();
        String deviceId = device.getString("deviceId");
        URI heartbeats = root.resolve("/api/v1/devices/" + deviceId + "/heartbeats");
        byte[] body = RawPost.padded(DeviceRegistryIT.ELIGIBLE, 96 * KIB);
        double countedBefore = tooLargeCounted();

        // when
        var chunked = RawPost.chunked("POST", heartbeats, device.getString("token"), "application/json", body);
        var declared = RawPost.declared("POST", heartbeats, device.getString("token"), "application/json", body);

        // then
        RawPost.assertTooLarge(chunked, "16 KiB");
        RawPost.assertTooLarge(declared, "16 KiB");
        assertThat(tooLargeCounted()).isEqualTo(countedBefore + 2);
        assertThat(TopicSnapshot.read(bootstrapServers, Topics.DEVICES_HEARTBEATS, WAIT))
                .noneMatch(r -> r.key().equals(deviceId));
        var justUnder = RawPost.chunked("POST", heartbeats, device.getString("token"), "application/json",
                RawPost.padded(DeviceRegistryIT.ELIGIBLE, 16 * KIB));
        assertThat(justUnder.statusCode()).as(justUnder.body()).isEqualTo(202);
    }

    @Test
    void shouldRefuseABatchOverOneMibSentChunkedAndReadOneJustUnder() {
        // given
        URI batch = root.resolve("/api/v1/heartbeats");
        String empty = "{\"heartbeats\":[]}";

        // when
        var over = RawPost.chunked("POST", batch, "test-gateway-token", "application/json", RawPost.padded(empty, 1024 * KIB + 1));
        var under = RawPost.chunked("POST", batch, "test-gateway-token", "application/json", RawPost.padded(empty, 1024 * KIB));

        // then the one under the limit is read, and refused (if at all) for what it says, not for its size
        RawPost.assertTooLarge(over, "1024 KiB");
        assertThat(under.statusCode()).as(under.body()).isNotEqualTo(413).isLessThan(500);
    }

    private static io.restassured.response.Response registration(String owner, String body) {
        return given().auth().oauth2(PartnerTokens.enrollment("xiaomi", owner, "Xiaomi 14", "India"))
                .contentType(ContentType.JSON).body(body).post("/api/v1/devices");
    }


    private static double tooLargeCounted() {
        Matcher counted = TOO_LARGE.matcher(given().get("/q/metrics").asString());
        return counted.find() ? Double.parseDouble(counted.group(1)) : 0;
    }
}
