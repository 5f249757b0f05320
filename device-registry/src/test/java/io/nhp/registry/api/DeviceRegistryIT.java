package io.nhp.registry.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.both;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.hamcrest.Matchers.notNullValue;

import io.nhp.contracts.TopicSnapshot;
import io.nhp.contracts.Topics;
import io.nhp.contracts.events.DeviceRegisteredEvent;
import io.nhp.contracts.events.DeviceState;
import io.nhp.contracts.events.HeartbeatEvent;
import io.nhp.contracts.events.NetworkType;
import io.nhp.contracts.serde.CompactSerde;
import io.nhp.kafka.testkit.KafkaTestResource;
import io.nhp.kafka.testkit.PartnerTokens;
import io.nhp.kafka.testkit.ReferenceSeed;
import io.nhp.kafka.testkit.TopicReader;
import io.nhp.kafka.testkit.TopicWriter;
import io.nhp.service.kafka.StreamsReadiness;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.smallrye.jwt.build.Jwt;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** device-registry against a real broker, with the shipped reference data on the reference topics. */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
class DeviceRegistryIT {

    static final String ELIGIBLE = """
            {"charging":true,"batteryPct":80,"batteryTempC":31.5,"network":"WIFI","screenOff":true,"cpuLoadPct":12}""";
    static final Duration WAIT = Duration.ofSeconds(30);
    static boolean seeded;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @BeforeEach
    void seedOnce() {
        seedReferenceData(bootstrapServers);
    }

    /** The shipped reference data on the broker, once per run, and registration open (the partners are read). */
    static synchronized void seedReferenceData(String bootstrapServers) {
        if (!seeded) {
            ReferenceSeed.publish(bootstrapServers, Instant.now());
            await().atMost(WAIT).until(() -> enrolled("Xiaomi 14", "India").body(phone("Xiaomi 14", "India"))
                    .post("/api/v1/devices").statusCode() == 201);
            seeded = true;
        }
    }

    @Test
    void shouldRegisterAPhoneWithItsModelsComputeAndItsMarketsRegion() {
        String owner = "owner-" + UUID.randomUUID();
        var device = given().auth().oauth2(PartnerTokens.enrollment("xiaomi", owner, "Redmi Note 13 Pro+", "India"))
                .contentType(ContentType.JSON).body("""
                        {"agentVersion":"1.4.0","activeHours":{"start":"22:00","end":"07:00"},"timeZone":"Asia/Kolkata"}""")
                .when().post("/api/v1/devices")
                .then().statusCode(201)
                .body("deviceId", notNullValue()).body("token", notNullValue())
                .body("heartbeatIntervalSeconds", equalTo(60))
                .body("region", equalTo("india")).body("regionDefaulted", equalTo(false))
                .extract().as(RegisteredDevice.class);

        DeviceRegisteredEvent registered = TopicReader.awaitRecord(bootstrapServers, Topics.DEVICES_REGISTERED,
                r -> r.key().equals(device.deviceId()), WAIT).value();
        assertThat(registered.partner()).isEqualTo("xiaomi");
        assertThat(registered.tops()).isEqualTo(10.0);
        assertThat(registered.ramGb()).isEqualTo(8);
        assertThat(registered.region()).isEqualTo("india");
        assertThat(registered.ownerId()).isEqualTo(owner);
        assertThat(registered.timeZone()).isEqualTo("Asia/Kolkata");
        assertThat(registered.activeHours().start()).hasToString("22:00");
        assertThat(registered.credentialVersion()).isEqualTo(1);
    }

    @Test
    void shouldPlaceAMarketWithoutDataInTheDefaultRegionAndSaySo() {
        for (String market : List.of("Latin America", "Atlantis")) {
            enrolled("Xiaomi 14", market).body(phone("Xiaomi 14", market))
                    .when().post("/api/v1/devices")
                    .then().statusCode(201).body("region", equalTo("default")).body("regionDefaulted", equalTo(true));
        }
    }

    @Test
    void shouldRegisterAPhoneOnlyWithItsPartnersEnrollmentTokenAndPublishNothingElse() {
        String owner = "unauthorized-" + UUID.randomUUID();
        String body = "{\"agentVersion\":\"1.4.0\"}";

        // no token, and a device credential in its place
        given().contentType(ContentType.JSON).body(body).when().post("/api/v1/devices")
                .then().statusCode(401).contentType("application/problem+json").header("WWW-Authenticate", "Bearer")
                .body("detail", containsString("enrollment token"));
        var device = register("Xiaomi 14", "India");
        given().auth().oauth2(device.token()).contentType(ContentType.JSON).body(body).when().post("/api/v1/devices")
                .then().statusCode(401).contentType("application/problem+json");
        // expired; signed by a key that is not the partner's; the owner's credential; another partner's name
        String expired = PartnerTokens.enrollment("xiaomi", owner, "Xiaomi 14", "India", claims -> {
            claims.setIssuedAt(PartnerTokens.at(Instant.now().minus(Duration.ofHours(1))));
            claims.setExpirationTime(PartnerTokens.at(Instant.now().minus(Duration.ofMinutes(5))));
        });
        for (var refused : Map.of(expired, "expired",
                PartnerTokens.forged("xiaomi", owner, "Xiaomi 14", "India"), "signature",
                PartnerTokens.owner("xiaomi", owner), "not for enroll",
                PartnerTokens.enrollment("nokia", owner, "3310", "EU"), "no partner").entrySet()) {
            given().auth().oauth2(refused.getKey()).contentType(ContentType.JSON).body(body)
                    .when().post("/api/v1/devices")
                    .then().statusCode(401).contentType("application/problem+json")
                    .body("detail", containsString(refused.getValue()));
        }
        // a valid enrollment, but the body says another owner, partner or model: the token decides, so refused
        String token = PartnerTokens.enrollment("xiaomi", owner, "Xiaomi 14", "India");
        for (String contradiction : List.of("{\"ownerId\":\"someone-else\"}", "{\"partner\":\"samsung\"}",
                "{\"model\":\"Xiaomi 14 Ultra\",\"ownerId\":\"" + owner + "\"}")) {
            given().auth().oauth2(token).contentType(ContentType.JSON).body(contradiction)
                    .when().post("/api/v1/devices")
                    .then().statusCode(403).contentType("application/problem+json")
                    .body("detail", containsString("contradicts"));
        }

        assertThat(TopicSnapshot.read(bootstrapServers, Topics.DEVICES_REGISTERED, WAIT))
                .noneMatch(r -> r.value() != null && owner.equals(r.value().ownerId()));
    }

    @Test
    void shouldRefuseAModelThePartnerDoesNotMakeOrAnOversizedEnrollmentAndPublishNothing() {
        String owner = "refused-" + UUID.randomUUID();
        given().auth().oauth2(PartnerTokens.enrollment("xiaomi", owner, "iPhone 15", "EU"))
                .contentType(ContentType.JSON).body("{}")
                .when().post("/api/v1/devices")
                .then().statusCode(422).contentType("application/problem+json")
                .body("detail", both(containsString("iPhone 15")).and(containsString("Xiaomi 14 Ultra")));
        given().auth().oauth2(PartnerTokens.enrollment("xiaomi", owner, "Xiaomi 14", "x".repeat(65)))
                .contentType(ContentType.JSON).body("{}")
                .when().post("/api/v1/devices")
                .then().statusCode(422).contentType("application/problem+json").body("detail", containsString("market"));

        assertThat(TopicSnapshot.read(bootstrapServers, Topics.DEVICES_REGISTERED, WAIT))
                .noneMatch(r -> r.value() != null && owner.equals(r.value().ownerId()));
    }

    @Test
    void shouldRefuseAMalformedRegistration() {
        enrolled("Xiaomi 14", "India").body("{\"partner\":\"xiaomi\",")
                .when().post("/api/v1/devices")
                .then().statusCode(400).contentType("application/problem+json").body("status", equalTo(400));
        enrolled("Xiaomi 14", "India").body(phone("Xiaomi 14", "India").replace("}", ",\"timeZone\":\"Mars/Olympus\"}"))
                .when().post("/api/v1/devices")
                .then().statusCode(400).body("errors.field", hasItem("timeZone"));
        enrolled("Xiaomi 14", "India")
                .body(phone("Xiaomi 14", "India").replace("}", ",\"activeHours\":{\"start\":\"25:00\",\"end\":\"07:00\"}}"))
                .when().post("/api/v1/devices")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItem("activeHours.start"));
    }

    @Test
    void shouldTurnHeartbeatsIntoStatusTheDeviceAndTheFleetCanSee() {
        var device = register("Xiaomi 14 Ultra", "Japan");

        beat(device.token(), device.deviceId()).statusCode(202).contentType("application/json")
                .body("nextHeartbeatSeconds", both(greaterThanOrEqualTo(54)).and(lessThanOrEqualTo(66)));

        HeartbeatEvent heartbeat = TopicReader.awaitRecord(bootstrapServers, Topics.DEVICES_HEARTBEATS,
                r -> r.key().equals(device.deviceId()), WAIT).value();
        assertThat(heartbeat.partner()).isEqualTo("xiaomi");
        assertThat(heartbeat.cpuLoadPct()).isEqualTo(12);
        assertThat(heartbeat.receivedAt()).isNotNull();
        // written binary, as the topic's registry entry says (HeartbeatSerde), not as JSON
        assertThat(TopicReader.awaitRecord(bootstrapServers, TopicReader.bytesOf(Topics.DEVICES_HEARTBEATS),
                r -> r.key().equals(device.deviceId()), WAIT).value()[0]).isEqualTo(CompactSerde.FORMAT);
        var status = TopicReader.awaitRecord(bootstrapServers, Topics.DEVICES_STATUS,
                r -> r.key().equals(device.deviceId()) && r.value().state() == DeviceState.ELIGIBLE, WAIT).value();
        assertThat(status.previousState()).isEqualTo(DeviceState.OFFLINE);
        assertThat(List.of(status.region(), status.model())).containsExactly("japan", "Xiaomi 14 Ultra");
        assertThat(status.ramGb()).isEqualTo(16);

        await().atMost(WAIT).untilAsserted(() -> given().auth().oauth2(device.token())
                .get("/api/v1/devices/{id}", device.deviceId())
                .then().statusCode(200).body("state", equalTo("ELIGIBLE")).body("lastSeen", notNullValue())
                .body("nextHeartbeatExpectedBy", notNullValue()).body("region", equalTo("japan")));

        // a second heartbeat changing nothing is kept in memory, not yet in the store: the view still says it
        beat(device.token(), device.deviceId()).statusCode(202);
        HeartbeatEvent second = TopicReader.awaitRecord(bootstrapServers, Topics.DEVICES_HEARTBEATS,
                r -> r.key().equals(device.deviceId()) && !r.value().eventId().equals(heartbeat.eventId()), WAIT).value();
        await().atMost(WAIT).untilAsserted(() -> assertThat(Instant.parse(given().auth().oauth2(device.token())
                .get("/api/v1/devices/{id}", device.deviceId()).then().statusCode(200).extract().<String>path("lastSeen")))
                .isEqualTo(second.receivedAt()));
        await().atMost(WAIT).untilAsserted(() -> given().get("/api/v1/fleet?partner=xiaomi&region=japan")
                .then().statusCode(200).body("eligible", equalTo(1)).body("eligibleTops", equalTo(34.0f)));
        given().get("/api/v1/fleet?partner=xiaomi").then().statusCode(200)
                .body("registered", greaterThanOrEqualTo(2)).body("online", greaterThanOrEqualTo(1));
    }

    @Test
    void shouldRefuseEveryInvalidHeartbeatAndPublishNone() {
        var device = register("Xiaomi 14", "India");
        Instant now = Instant.now();

        heartbeat(device, ELIGIBLE.replace("\"batteryPct\":80", "\"batteryPct\":180"), 400, "batteryPct");
        heartbeat(device, ELIGIBLE.replace("31.5", "-25.0"), 400, "batteryTempC");
        heartbeat(device, ELIGIBLE.replace("\"cpuLoadPct\":12", "\"cpuLoadPct\":101"), 400, "cpuLoadPct");
        heartbeat(device, ELIGIBLE.replace("WIFI", "CARRIER_PIGEON"), 400, "network");
        heartbeat(device, ELIGIBLE.replace("{", "{\"at\":\"" + now.plus(Duration.ofMinutes(6)) + "\","), 400, "at");
        heartbeat(device, ELIGIBLE.replace("{", "{\"at\":\"" + now.minus(Duration.ofMinutes(61)) + "\","), 400, "at");
        heartbeat(device, ELIGIBLE.replace("{", "{\"thermalStatus\":\"MELTING\","), 400, "thermalStatus");
        given().auth().oauth2(device.token()).contentType(ContentType.JSON)
                .body(ELIGIBLE.replace("{", "{\"padding\":\"" + "x".repeat(17 * 1024) + "\","))
                .when().post("/api/v1/devices/{id}/heartbeats", device.deviceId())
                .then().statusCode(413).contentType("application/problem+json");

        assertThat(TopicSnapshot.read(bootstrapServers, Topics.DEVICES_HEARTBEATS, WAIT))
                .noneMatch(r -> r.key().equals(device.deviceId()));
        given().get("/q/metrics").then().body(containsString("nhp_heartbeats_rejected_total{reason=\"invalid\"}"))
                .body(containsString("nhp_heartbeats_rejected_total{reason=\"too_large\"}"));
    }

    @Test
    void shouldLetADeviceActOnlyForItself() {
        var mine = register("Xiaomi 14", "India");
        var theirs = register("Xiaomi 14", "India");

        given().auth().oauth2(mine.token()).contentType(ContentType.JSON).body(ELIGIBLE)
                .when().post("/api/v1/devices/{id}/heartbeats", theirs.deviceId())
                .then().statusCode(403).contentType("application/problem+json")
                .body("detail", containsString("another device"));
        given().auth().oauth2(mine.token()).get("/api/v1/devices/{id}", theirs.deviceId()).then().statusCode(403);
        given().contentType(ContentType.JSON).body(ELIGIBLE)
                .when().post("/api/v1/devices/{id}/heartbeats", mine.deviceId())
                .then().statusCode(401).contentType("application/problem+json").header("WWW-Authenticate", "Bearer");
        given().contentType(ContentType.JSON).body(ELIGIBLE).auth().oauth2("not.a.jwt")
                .when().post("/api/v1/devices/{id}/heartbeats", mine.deviceId())
                .then().statusCode(401).contentType("application/problem+json");
    }

    @Test
    void shouldAnswer404ForADeviceThatIsNotRegistered() {
        String ghost = "ghost-" + UUID.randomUUID();
        String token = Jwt.issuer("https://nhp.io/device-registry").subject(ghost).groups(Set.of("device"))
                .claim("partner", "xiaomi").claim("cv", 1)
                .issuedAt(Instant.now().minus(Duration.ofMinutes(5))).expiresIn(Duration.ofHours(1)).sign();

        given().auth().oauth2(token).contentType(ContentType.JSON).body(ELIGIBLE)
                .when().post("/api/v1/devices/{id}/heartbeats", ghost)
                .then().statusCode(404).contentType("application/problem+json").body("detail", containsString(ghost));
    }

    @Test
    void shouldRevokeEveryEarlierTokenWhenADeviceRenewsItsCredential() {
        var device = register("Xiaomi 14", "India");
        // beating already: its heartbeats are admitted without a store query (DeviceCredentials.heartbeatPartner)
        beat(device.token(), device.deviceId()).statusCode(202);

        String renewed = given().auth().oauth2(device.token())
                .when().post("/api/v1/devices/{id}/credentials", device.deviceId())
                .then().statusCode(201).body("deviceId", equalTo(device.deviceId()))
                .extract().path("token");

        beat(device.token(), device.deviceId())
                .statusCode(401).contentType("application/problem+json").body("detail", containsString("revoked"));
        beat(renewed, device.deviceId()).statusCode(202);
        assertThat(TopicReader.awaitRecord(bootstrapServers, Topics.DEVICES_REGISTERED,
                r -> r.key().equals(device.deviceId()) && r.value().credentialVersion() == 2, WAIT).value().tops())
                .isEqualTo(34.0);
    }

    @Test
    void shouldRefuseTheTokenOfADeletedDeviceThoughItsHeartbeatsWereAdmittedWithoutTheStore() {
        var device = register("Xiaomi 14", "India");
        beat(device.token(), device.deviceId()).statusCode(202);

        // when an operator deletes it (a tombstone on the registration topic)
        TopicWriter.send(bootstrapServers, Topics.DEVICES_REGISTERED, device.deviceId(), null);

        // then its token is refused as soon as the tombstone is read (every instance reads it)
        await().atMost(WAIT).untilAsserted(() -> beat(device.token(), device.deviceId())
                .statusCode(404).contentType("application/problem+json"));
        given().auth().oauth2(device.token()).get("/api/v1/devices/{id}", device.deviceId()).then().statusCode(404);
    }

    @Test
    void shouldLimitHowOftenOneDeviceMayBeat() {
        var device = register("Xiaomi 14", "India");
        for (int i = 0; i < 10; i++) {
            beat(device.token(), device.deviceId()).statusCode(202);
        }

        beat(device.token(), device.deviceId())
                .statusCode(429).contentType("application/problem+json").header("Retry-After", notNullValue());
    }

    @Test
    void shouldAnswerEachItemOfABatchOnItsOwn() {
        var a = register("Xiaomi 14", "India");
        var b = register("Xiaomi 14", "India");
        String body = """
                {"heartbeats":[
                  %s,
                  %s,
                  %s,
                  %s
                ]}""".formatted(
                item(a.deviceId(), a.token(), ELIGIBLE),
                item(b.deviceId(), b.token(), ELIGIBLE.replace("\"batteryPct\":80", "\"batteryPct\":-1")),
                item(b.deviceId(), a.token(), ELIGIBLE),
                item(b.deviceId(), null, ELIGIBLE.replace("WIFI", "SATELLITE")));

        given().contentType(ContentType.JSON).body(body)
                .when().post("/api/v1/heartbeats")
                .then().statusCode(200)
                .body("accepted", equalTo(1)).body("rejected", equalTo(3))
                .body("results.status", equalTo(List.of(202, 400, 403, 401)))
                .body("results[0].nextHeartbeatSeconds", notNullValue())
                .body("results[1].errors.field", hasItem("batteryPct"));

        var onTopic = TopicSnapshot.read(bootstrapServers, Topics.DEVICES_HEARTBEATS, WAIT);
        assertThat(onTopic).filteredOn(r -> r.key().equals(a.deviceId())).hasSize(1);
        assertThat(onTopic).noneMatch(r -> r.key().equals(b.deviceId()));
    }

    @Test
    void shouldTakeABatchFromAGatewayWithinItsPartner() {
        var phone = register("Xiaomi 14", "China");
        var galaxy = given().auth().oauth2(PartnerTokens.enrollment("samsung", "o-s", "Galaxy S24 Ultra", "South Korea"))
                .contentType(ContentType.JSON).body("{}")
                .post("/api/v1/devices").then().statusCode(201).extract().as(RegisteredDevice.class);
        String body = "{\"heartbeats\":[" + item(phone.deviceId(), null, ELIGIBLE) + ","
                + item("ghost-" + UUID.randomUUID(), null, ELIGIBLE) + ","
                + item(galaxy.deviceId(), null, ELIGIBLE) + "]}";

        // a gateway of any partner
        given().auth().oauth2("test-gateway-token").contentType(ContentType.JSON).body(body)
                .when().post("/api/v1/heartbeats")
                .then().statusCode(200).body("results.status", equalTo(List.of(202, 404, 202)));
        // Xiaomi's own gateway may not post for a Samsung phone
        given().auth().oauth2("test-xiaomi-gateway-token").contentType(ContentType.JSON).body(body)
                .when().post("/api/v1/heartbeats")
                .then().statusCode(200).body("results.status", equalTo(List.of(202, 404, 403)));
        // the second batch found both phones' partners remembered from the first (a partner never changes)
        String hits = given().get("/q/metrics").then().extract().asString().lines()
                .filter(line -> line.startsWith("cache_gets_total{cache=\"device_partners\",result=\"hit\"}"))
                .findFirst().orElseThrow();
        assertThat(Double.parseDouble(hits.substring(hits.lastIndexOf(' ') + 1))).isGreaterThanOrEqualTo(2);
        // an unknown gateway credential, and a batch too large
        given().auth().oauth2("guess").contentType(ContentType.JSON).body(body)
                .when().post("/api/v1/heartbeats")
                .then().statusCode(401).contentType("application/problem+json");
        String tooMany = "{\"heartbeats\":[" + String.join(",",
                java.util.Collections.nCopies(1001, item(phone.deviceId(), null, ELIGIBLE))) + "]}";
        given().auth().oauth2("test-gateway-token").contentType(ContentType.JSON).body(tooMany)
                .when().post("/api/v1/heartbeats")
                .then().statusCode(400).contentType("application/problem+json").body("detail", containsString("1000"));
    }

    @Test
    void shouldDeadLetterAnUnreadableRecordAndGoOn() throws Exception {
        var device = register("Xiaomi 14", "India");
        try (var producer = new KafkaProducer<>(Map.<String, Object>of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers, ProducerConfig.ACKS_CONFIG, "all"),
                new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(Topics.DEVICES_HEARTBEATS.name(), device.deviceId(), "{not json")).get();
        }

        var dead = TopicReader.awaitRecord(bootstrapServers, Topics.DEAD_LETTER,
                r -> device.deviceId().equals(r.value().key()), WAIT).value();
        assertThat(dead.service()).isEqualTo("device-registry");
        assertThat(dead.sourceTopic()).isEqualTo(Topics.DEVICES_HEARTBEATS.name());
        assertThat(dead.value()).isEqualTo("{not json");
        assertThat(dead.reason()).contains("HeartbeatEvent");
        // the pipeline goes on: the device's next heartbeat makes it eligible
        beat(device.token(), device.deviceId()).statusCode(202);
        TopicReader.awaitRecord(bootstrapServers, Topics.DEVICES_STATUS,
                r -> r.key().equals(device.deviceId()) && r.value().state() == DeviceState.ELIGIBLE, WAIT);
    }

    @Test
    void shouldDeadLetterAHeartbeatItCannotProcessAndGoOn() {
        // given a registered phone, its registration processed
        var device = register("Xiaomi 14", "India");
        TopicReader.awaitRecord(bootstrapServers, Topics.DEVICES_STATUS, r -> r.key().equals(device.deviceId()), WAIT);

        // when a heartbeat on the topic says it was received at a time no millisecond timestamp holds
        TopicWriter.send(bootstrapServers, Topics.DEVICES_HEARTBEATS, device.deviceId(), new HeartbeatEvent(
                "h-far-" + UUID.randomUUID(), Instant.now(), Instant.parse("+300000000-01-01T00:00:00Z"),
                device.deviceId(), "xiaomi", true, 80, 31.5, NetworkType.WIFI, true, 12, null));

        // then it is on the dead letters with the processor, its place and the cause, as it was read
        var dead = TopicReader.awaitRecord(bootstrapServers, Topics.DEAD_LETTER,
                r -> device.deviceId().equals(r.value().key()), WAIT).value();
        assertThat(dead.service()).isEqualTo("device-registry");
        assertThat(dead.sourceTopic()).isEqualTo(Topics.DEVICES_HEARTBEATS.name());
        assertThat(dead.reason()).startsWith("processor device-state failed on nhp.devices.heartbeats-")
                .endsWith("ArithmeticException: long overflow");
        // (the record's own bytes: a binary heartbeat, in Base64, that reads back with the topic's serde)
        assertThat(dead.valueBase64()).isTrue();
        assertThat(Topics.DEVICES_HEARTBEATS.valueSerde().deserializer().deserialize(Topics.DEVICES_HEARTBEATS.name(),
                Base64.getDecoder().decode(dead.value())).receivedAt()).isEqualTo("+300000000-01-01T00:00:00Z");
        // and the pipeline goes on: the phone's next heartbeat makes it eligible, and the service stays ready
        beat(device.token(), device.deviceId()).statusCode(202);
        TopicReader.awaitRecord(bootstrapServers, Topics.DEVICES_STATUS,
                r -> r.key().equals(device.deviceId()) && r.value().state() == DeviceState.ELIGIBLE, WAIT);
        given().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == '" + StreamsReadiness.NAME + "' }.data.state", equalTo("RUNNING"));
        given().get("/q/metrics").then().body(containsString(
                "nhp_records_failed_total{service=\"device-registry\",topic=\"nhp.devices.heartbeats\"}"));
    }

    @Test
    void shouldAnswerFleetQueriesForKnownPartnersOnly() {
        given().get("/api/v1/fleet").then().statusCode(400).body("errors.field", hasItem("partner"));
        given().get("/api/v1/fleet?partner=nokia").then().statusCode(404).contentType("application/problem+json");
        given().get("/api/v1/fleet?partner=apple").then().statusCode(200).body("registered", equalTo(0));
    }

    @Test
    void shouldExposeHealthMetricsAndOpenApi() {
        given().when().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"))
                .body("checks.name", hasItem(StreamsReadiness.NAME));
        given().when().get("/q/health/live").then().statusCode(200);
        var device = register("Xiaomi 14", "India");
        beat(device.token(), device.deviceId()).statusCode(202);
        given().when().get("/q/metrics").then().statusCode(200)
                .body(containsString("nhp_devices_registrations_total{partner=\"xiaomi\"}"))
                .body(containsString("nhp_heartbeats_accepted_total"))
                .body(containsString("nhp_heartbeats_ingest_seconds_bucket"));
        await().atMost(WAIT).untilAsserted(() -> given().when().get("/q/metrics").then()
                .body(containsString("nhp_devices_online{partner=\"xiaomi\",region=\"india\"}"))
                .body(containsString("nhp_devices_eligible{partner=\"xiaomi\",region=\"india\"}")));
        given().when().get("/q/openapi?format=json").then().statusCode(200)
                .body("paths", hasKey("/api/v1/devices/{deviceId}/heartbeats"))
                .body("paths", hasKey("/api/v1/heartbeats"))
                .body("paths", hasKey("/api/v1/fleet"));
    }

    /** An eligible phone's heartbeat, as the phone posts it. */
    private static ValidatableResponse beat(String token, String deviceId) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(ELIGIBLE)
                .when().post("/api/v1/devices/{id}/heartbeats", deviceId).then();
    }

    private static void heartbeat(RegisteredDevice device, String body, int status, String field) {
        given().auth().oauth2(device.token()).contentType(ContentType.JSON).body(body)
                .when().post("/api/v1/devices/{id}/heartbeats", device.deviceId())
                .then().statusCode(status).contentType("application/problem+json")
                .body("detail", containsString(field));
    }

    private static String item(String deviceId, String token, String heartbeat) {
        String head = "{\"deviceId\":\"" + deviceId + "\"" + (token == null ? "" : ",\"token\":\"" + token + "\"") + ",";
        return head + heartbeat.substring(1);
    }

    /** A body that repeats what the enrollment token says (it may). */
    static String phone(String model, String market) {
        return "{\"partner\":\"xiaomi\",\"model\":\"" + model + "\",\"market\":\"" + market + "\",\"ownerId\":\"o-1\"}";
    }

    /** A request carrying Xiaomi's enrollment of a phone of owner o-1. */
    static io.restassured.specification.RequestSpecification enrolled(String model, String market) {
        return given().auth().oauth2(PartnerTokens.enrollment("xiaomi", "o-1", model, market))
                .contentType(ContentType.JSON);
    }

    static RegisteredDevice register(String model, String market) {
        return enrolled(model, market).body(phone(model, market))
                .when().post("/api/v1/devices")
                .then().statusCode(201).extract().as(RegisteredDevice.class);
    }
}
