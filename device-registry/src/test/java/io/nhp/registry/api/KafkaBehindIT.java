package io.nhp.registry.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.nhp.contracts.TopicSnapshot;
import io.nhp.contracts.Topics;
import io.nhp.kafka.testkit.KafkaTestResource;
import io.nhp.kafka.testkit.PartnerTokens;
import io.nhp.kafka.testkit.ReferenceSeed;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * While more heartbeats wait for Kafka than {@code nhp.registry.heartbeat.max-in-flight}, a heartbeat is refused
 * with 503 and Retry-After, single or in a batch, and nothing is sent (here the bound is 0: every heartbeat finds
 * Kafka "behind").
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@TestProfile(KafkaBehindIT.NothingInFlight.class)
class KafkaBehindIT {

    public static class NothingInFlight implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("nhp.registry.heartbeat.max-in-flight", "0");
        }
    }

    static final Duration WAIT = Duration.ofSeconds(30);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Test
    void shouldRefuseHeartbeatsWith503AndRetryAfterWhileKafkaIsBehindAndSendNothing() {
        // given
        ReferenceSeed.publish(bootstrapServers, Instant.now());
        await().atMost(WAIT).until(() -> registration().statusCode() == 201);
        JsonPath device = registration().then().statusCode(201).extract().jsonPath();
        String deviceId = device.getString("deviceId");

        // when
        var single = given().auth().oauth2(device.getString("token")).contentType(ContentType.JSON)
                .body(DeviceRegistryIT.ELIGIBLE).post("/api/v1/devices/" + deviceId + "/heartbeats");
        var batch = given().auth().oauth2("test-gateway-token").contentType(ContentType.JSON)
                .body("{\"heartbeats\":[" + DeviceRegistryIT.ELIGIBLE.replaceFirst("\\{", "{\"deviceId\":\"" + deviceId + "\",")
                        + "]}")
                .post("/api/v1/heartbeats");

        // then
        assertThat(single.statusCode()).as(single.body().asString()).isEqualTo(503);
        assertThat(single.header("Retry-After")).isEqualTo("1");
        assertThat(single.contentType()).startsWith("application/problem+json");
        assertThat(batch.statusCode()).isEqualTo(200);
        assertThat(batch.jsonPath().getInt("rejected")).isEqualTo(1);
        assertThat(batch.jsonPath().getInt("results[0].status")).isEqualTo(503);
        assertThat(TopicSnapshot.read(bootstrapServers, Topics.DEVICES_HEARTBEATS, WAIT))
                .noneMatch(r -> r.key().equals(deviceId));
    }

    private static io.restassured.response.Response registration() {
        return given().auth().oauth2(PartnerTokens.enrollment("xiaomi", "behind-1", "Xiaomi 14", "India"))
                .contentType(ContentType.JSON).body("{}").post("/api/v1/devices");
    }
}
