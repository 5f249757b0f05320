package io.nhp.registry.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;

import io.nhp.contracts.Topics;
import io.nhp.kafka.testkit.KafkaTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(KafkaTestResource.class)
class DeviceRegistryIT {

    static final String XIAOMI_14 = """
            {"partner":"xiaomi","model":"Xiaomi 14","market":"India","ownerId":"o-1"}""";
    static final String ELIGIBLE = """
            {"charging":true,"batteryPct":80,"batteryTempC":31.5,"network":"WIFI","screenOff":true}""";

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Test
    void shouldRegisterDeviceAndPublishItsHeartbeatAndStatus() {
        // given a registered phone
        var registered = given().contentType(ContentType.JSON).body(XIAOMI_14)
                .when().post("/api/v1/devices")
                .then().statusCode(201)
                .body("deviceId", notNullValue()).body("token", notNullValue())
                .body("heartbeatIntervalSeconds", equalTo(30))
                .extract().as(RegisteredDevice.class);

        // when it posts a heartbeat with its credential
        given().auth().oauth2(registered.token()).contentType(ContentType.JSON).body(ELIGIBLE)
                .when().post("/api/v1/devices/{id}/heartbeats", registered.deviceId())
                .then().statusCode(202).body("nextHeartbeatSeconds", equalTo(30));

        // then the registration, the heartbeat and the derived status are in Kafka
        var registration = io.nhp.kafka.testkit.TopicReader.awaitRecord(bootstrapServers, Topics.DEVICES_REGISTERED,
                r -> r.key().equals(registered.deviceId()), Duration.ofSeconds(10));
        assertThat(registration.value().model()).isEqualTo("Xiaomi 14");
        var heartbeat = io.nhp.kafka.testkit.TopicReader.awaitRecord(bootstrapServers, Topics.DEVICES_HEARTBEATS,
                r -> r.key().equals(registered.deviceId()), Duration.ofSeconds(10));
        assertThat(heartbeat.value().partner()).isEqualTo("xiaomi");
        assertThat(heartbeat.value().batteryPct()).isEqualTo(80);
        var status = io.nhp.kafka.testkit.TopicReader.awaitRecord(bootstrapServers, Topics.DEVICES_STATUS,
                r -> r.key().equals(registered.deviceId()), Duration.ofSeconds(30));
        assertThat(status.value().online()).isTrue();
        assertThat(status.value().eligible()).isTrue();
    }

    @Test
    void shouldForbidHeartbeatForAnotherDevice() {
        var mine = register();

        given().auth().oauth2(mine.token()).contentType(ContentType.JSON).body(ELIGIBLE)
                .when().post("/api/v1/devices/{id}/heartbeats", "someone-else")
                .then().statusCode(403).contentType("application/problem+json")
                .body("status", equalTo(403)).body("detail", containsString("another device"));
    }

    @Test
    void shouldRejectHeartbeatWithoutCredential() {
        given().contentType(ContentType.JSON).body(ELIGIBLE)
                .when().post("/api/v1/devices/{id}/heartbeats", "any")
                .then().statusCode(401).contentType("application/problem+json").header("WWW-Authenticate", "Bearer");
        given().contentType(ContentType.JSON).body(ELIGIBLE).auth().oauth2("not.a.jwt")
                .when().post("/api/v1/devices/{id}/heartbeats", "any")
                .then().statusCode(401).contentType("application/problem+json");
    }

    @Test
    void shouldRejectHeartbeatWithBatteryOutOfRange() {
        var device = register();

        given().auth().oauth2(device.token()).contentType(ContentType.JSON)
                .body(ELIGIBLE.replace("\"batteryPct\":80", "\"batteryPct\":180"))
                .when().post("/api/v1/devices/{id}/heartbeats", device.deviceId())
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItem("batteryPct"));
    }

    @Test
    void shouldRejectMalformedRegistration() {
        given().contentType(ContentType.JSON).body("{\"partner\":\"xiaomi\",")
                .when().post("/api/v1/devices")
                .then().statusCode(400).contentType("application/problem+json").body("status", equalTo(400));

        given().contentType(ContentType.JSON).body("{\"partner\":\"xiaomi\",\"model\":\"Xiaomi 14\"}")
                .when().post("/api/v1/devices")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItem("market")).body("errors.field", hasItem("ownerId"));
    }

    @Test
    void shouldRejectUnknownNetworkType() {
        var device = register();

        given().auth().oauth2(device.token()).contentType(ContentType.JSON)
                .body(ELIGIBLE.replace("WIFI", "CARRIER_PIGEON"))
                .when().post("/api/v1/devices/{id}/heartbeats", device.deviceId())
                .then().statusCode(400).contentType("application/problem+json")
                .body("detail", containsString("network"));
    }

    @Test
    void shouldExposeHealthMetricsAndOpenApi() {
        given().when().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
        given().when().get("/q/health/live").then().statusCode(200);
        register();
        given().when().get("/q/metrics").then().statusCode(200)
                .body(containsString("nhp_devices_registrations_total{partner=\"xiaomi\"}"));
        given().when().get("/q/openapi?format=json").then().statusCode(200)
                .body("paths", org.hamcrest.Matchers.hasKey("/api/v1/devices/{deviceId}/heartbeats"));
    }

    private static RegisteredDevice register() {
        return given().contentType(ContentType.JSON).body(XIAOMI_14)
                .when().post("/api/v1/devices")
                .then().statusCode(201).extract().as(RegisteredDevice.class);
    }
}
