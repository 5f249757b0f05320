package io.nhp.economics.api;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.nhp.contracts.Topics;
import io.nhp.contracts.events.DeviceState;
import io.nhp.contracts.events.DeviceStatusEvent;
import io.nhp.kafka.testkit.KafkaTestResource;
import io.nhp.kafka.testkit.TopicReader;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(KafkaTestResource.class)
class CapacityResourceIT {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @BeforeEach
    void seed() {
        ReferenceData.seedOnce(bootstrapServers);
    }

    @Test
    void shouldServeLiveCapacityFromDeviceStatuses() throws Exception {
        // given three devices of a partner report in India, two of them eligible
        String partner = "oem-" + UUID.randomUUID();
        try (var producer = new KafkaProducer<>(Map.<String, Object>of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers, ProducerConfig.ACKS_CONFIG, "all"),
                Topics.DEVICES_STATUS.keySerde().serializer(), Topics.DEVICES_STATUS.valueSerde().serializer())) {
            for (int i = 0; i < 3; i++) {
                String device = partner + "-d" + i;
                boolean eligible = i < 2;
                producer.send(new ProducerRecord<>(Topics.DEVICES_STATUS.name(), device, new DeviceStatusEvent(
                        "e" + i, Instant.now(), device, partner, "o-" + i, "india", "Xiaomi 14", 34.0, 12, null,
                        eligible ? DeviceState.ELIGIBLE : DeviceState.INELIGIBLE,
                        eligible ? List.of() : List.of("SCREEN_ON"), Instant.now()))).get();
            }
        }

        // then the API shows them within seconds
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                ops().get("/api/v1/capacity/{partner}", partner)
                        .then().statusCode(200)
                        .body("registeredDevices", equalTo(3))
                        .body("onlineDevices", equalTo(3))
                        .body("eligibleDevices", equalTo(2))
                        .body("tops", equalTo(68.0f))
                        .body("h100Equivalent", equalTo(0.034f))
                        .body("observedUptime", equalTo(0.6666667f))
                        .body("nearestScenario", equalTo("optimistic")));
        // and per region
        ops().get("/api/v1/capacity/{partner}?region=india", partner)
                .then().statusCode(200).body("region", equalTo("india")).body("eligibleDevices", equalTo(2));
        ops().get("/api/v1/capacity/{partner}?region=atlantis", partner)
                .then().statusCode(404).contentType("application/problem+json")
                .body("detail", containsString("india"));
        // and the capacity events are published for the other services, in total and per region
        TopicReader.awaitRecord(bootstrapServers, Topics.ECONOMICS_CAPACITY,
                r -> r.key().equals(partner) && r.value().onlineDevices() == 3, Duration.ofSeconds(10));
        TopicReader.awaitRecord(bootstrapServers, Topics.ECONOMICS_CAPACITY,
                r -> r.key().equals(partner + "/india") && r.value().eligibleDevices() == 2, Duration.ofSeconds(10));
    }

    @Test
    void shouldAnswerNotFoundForPartnerWithoutDevices() {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                ops().get("/api/v1/capacity/{partner}", "nobody")
                        .then().statusCode(404).contentType("application/problem+json")
                        .body("detail", containsString("nobody")));
    }

    @Test
    void shouldBeReadyWithKafkaAndExposeMetricsToPrometheusAndOpsOnly() {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                given().when().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP")));
        // the metrics carry each partner's money of the day: Prometheus' token or ops' only
        given().auth().oauth2("test-metrics-token").get("/q/metrics").then().statusCode(200)
                .body(containsString("kafka_stream"));
        given().auth().oauth2("test-admin-token").get("/q/metrics").then().statusCode(200);
        given().get("/q/metrics").then().statusCode(401);
        given().auth().oauth2("wrong").get("/q/metrics").then().statusCode(401);
        given().auth().oauth2("test-xiaomi-token").get("/q/metrics").then().statusCode(403);
        // and the scraper's token reads nothing else
        given().auth().oauth2("test-metrics-token").get("/api/v1/capacity/xiaomi").then().statusCode(403);
        given().when().get("/q/openapi?format=json").then().statusCode(200)
                .body("paths", org.hamcrest.Matchers.hasKey("/api/v1/capacity/{partner}"));
    }

    @Test
    void shouldShowAPartnersCapacityOnlyToItAndToOps() {
        given().get("/api/v1/capacity/xiaomi").then().statusCode(401).contentType("application/problem+json");
        given().auth().oauth2("wrong").get("/api/v1/capacity/xiaomi").then().statusCode(401);
        given().auth().oauth2("test-samsung-token").get("/api/v1/capacity/xiaomi").then().statusCode(403)
                .contentType("application/problem+json");
        given().auth().oauth2("test-xiaomi-token").get("/api/v1/capacity/xiaomi").then()
                .statusCode(org.hamcrest.Matchers.not(org.hamcrest.Matchers.oneOf(401, 403)));
    }

    /** Ops' credential: every partner's figures. */
    private static io.restassured.specification.RequestSpecification ops() {
        return given().auth().oauth2("test-admin-token");
    }
}
