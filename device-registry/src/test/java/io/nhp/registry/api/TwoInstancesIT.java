package io.nhp.registry.api;

import static io.nhp.registry.api.DeviceRegistryIT.ELIGIBLE;
import static io.nhp.registry.api.DeviceRegistryIT.phone;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;

import io.nhp.kafka.testkit.PackagedServices;
import io.nhp.kafka.testkit.PartnerTokens;
import io.nhp.kafka.testkit.ReferenceSeed;
import io.nhp.kafka.testkit.SharedKafka;
import io.nhp.service.kafka.StoreForwarding;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two packaged device-registry instances share the devices by partition, as in Kubernetes
 * ({@code kafka-streams.application.server} set): each answers for the devices it holds and asks the other for the
 * rest. A token its owner renewed away is refused by both, also by the instance that does not hold the
 * device (which once took it on its signature alone), and a renewal is made wherever it is asked.
 */
class TwoInstancesIT {

    private static final List<String> INSTANCES = List.of("device-registry-a", "device-registry-b");
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String GATEWAY = "dev-gateway-token";
    private static PackagedServices services;

    @BeforeAll
    static void startTwoInstances() {
        String bootstrap = SharedKafka.bootstrapServers();
        ReferenceSeed.publish(bootstrap, Instant.now());
        List<PackagedServices.Instance> instances = new ArrayList<>();
        for (String name : INSTANCES) {
            instances.add(new PackagedServices.Instance(name, "device-registry", List.of(
                    // a group of their own: the @QuarkusTest application of this JVM is "device-registry"
                    "-Dquarkus.kafka-streams.application-id=device-registry-two-instances",
                    "-Dkafka-streams.application.server=localhost:" + PackagedServices.PORT)));
        }
        services = PackagedServices.start(bootstrap, instances);
    }

    @AfterAll
    static void stop() {
        if (services != null) {
            services.close();
        }
    }

    @Test
    void shouldRefuseARenewedAwayTokenOnTheInstanceThatDoesNotHoldTheDevice() {
        // given phones registered and beating, and one of them held by instance b
        List<Registered> phones = registeredAndBeating(8);
        Registered held = await().atMost(WAIT).until(() -> heldBy(INSTANCES.get(1), phones), Optional::isPresent).get();

        // when its owner renews its credential at the instance that does not hold it (which asks the other)
        String renewed = at(INSTANCES.get(0)).auth().oauth2(held.token())
                .post("/api/v1/devices/{id}/credentials", held.deviceId())
                .then().statusCode(201).extract().path("token");

        // then the old token is refused by both instances, the other one as soon as it has read the renewal
        await().atMost(WAIT).untilAsserted(() -> beat(INSTANCES.get(0), held.deviceId(), held.token())
                .then().statusCode(401).contentType("application/problem+json").body("detail", containsString("revoked")));
        beat(INSTANCES.get(1), held.deviceId(), held.token()).then().statusCode(401);
        // and the new one is taken by both
        beat(INSTANCES.get(0), held.deviceId(), renewed).then().statusCode(202);
        beat(INSTANCES.get(1), held.deviceId(), renewed).then().statusCode(202);
        // and a phone's state is answered by whichever instance is asked: the one that does not hold it asks the other
        String there = at(INSTANCES.get(1)).auth().oauth2(renewed).get("/api/v1/devices/{id}", held.deviceId())
                .then().statusCode(200).extract().path("deviceId");
        String here = at(INSTANCES.get(0)).auth().oauth2(renewed).get("/api/v1/devices/{id}", held.deviceId())
                .then().statusCode(200).contentType(ContentType.JSON).extract().path("deviceId");
        assertThat(here).isEqualTo(there).isEqualTo(held.deviceId());
        // and so are the partner's fleet counts, held by one of the two
        for (String instance : INSTANCES) {
            await().atMost(WAIT).untilAsserted(() -> at(instance).get("/api/v1/fleet?partner=xiaomi")
                    .then().statusCode(200).body("registered", greaterThanOrEqualTo(phones.size())));
        }
    }

    @Test
    void shouldAcceptAGatewaysBatchAtEitherInstanceWhicheverHoldsEachDevice() {
        // given phones registered and heard from, each known to the instance that holds it, and each instance
        // holding some
        List<Registered> phones = registeredAndBeating(16);
        await().atMost(WAIT).until(() -> phones.stream()
                .allMatch(phone -> INSTANCES.stream().anyMatch(instance -> holds(instance, phone))));
        for (String instance : INSTANCES) {
            assertThat(phones).anyMatch(phone -> holds(instance, phone));
        }
        String batch = phones.stream()
                .map(phone -> ELIGIBLE.replaceFirst("\\{", "{\"deviceId\":\"" + phone.deviceId() + "\","))
                .collect(Collectors.joining(",", "{\"heartbeats\":[", "]}"));

        for (String instance : INSTANCES) {
            // when a gateway posts all their heartbeats to one instance
            // then each is accepted (the other instance's by the other instance), answered in the order posted
            at(instance).auth().oauth2(GATEWAY).contentType(ContentType.JSON).body(batch).post("/api/v1/heartbeats")
                    .then().statusCode(200).body("accepted", equalTo(phones.size()))
                    .body("results.deviceId", equalTo(phones.stream().map(Registered::deviceId).toList()))
                    .body("results.status", everyItem(equalTo(202)));
        }
        // and each instance counts the items it sent on, all answered: the other one's phones, but those registered
        // here (phone i at instance i % 2), whose registration it remembers
        for (String instance : INSTANCES) {
            long sentOn = java.util.stream.IntStream.range(0, phones.size())
                    .filter(i -> !INSTANCES.get(i % 2).equals(instance) && !holds(instance, phones.get(i))).count();
            assertThat(forwarded(instance, "answered")).isEqualTo(sentOn);
            assertThat(forwarded(instance, "unanswered")).isZero();
        }
        // and an unknown device is still refused as unknown
        at(INSTANCES.get(0)).auth().oauth2(GATEWAY).contentType(ContentType.JSON)
                .body("{\"heartbeats\":[" + ELIGIBLE.replaceFirst("\\{", "{\"deviceId\":\"no-such-phone\",") + "]}")
                .post("/api/v1/heartbeats").then().statusCode(200).body("results[0].status", equalTo(404));
    }

    private record Registered(String deviceId, String token) {
    }

    /** Phones registered at either instance in turn, each having beaten once. */
    private static List<Registered> registeredAndBeating(int count) {
        List<Registered> phones = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Registered phone = register(INSTANCES.get(i % 2));
            beat(INSTANCES.get(0), phone.deviceId(), phone.token()).then().statusCode(202);
            phones.add(phone);
        }
        return phones;
    }

    private static Registered register(String instance) {
        Response answer = at(instance).auth().oauth2(PartnerTokens.enrollment("xiaomi", "o-1", "Xiaomi 14", "India"))
                .contentType(ContentType.JSON).body(phone("Xiaomi 14", "India")).post("/api/v1/devices");
        answer.then().statusCode(201);
        return new Registered(answer.path("deviceId"), answer.path("token"));
    }

    /** A phone whose state {@code instance} holds. */
    private static Optional<Registered> heldBy(String instance, List<Registered> phones) {
        return phones.stream().filter(phone -> holds(instance, phone)).findFirst();
    }

    /** Whether {@code instance} holds the phone's state (a forwarded request for it is not sent on again). */
    private static boolean holds(String instance, Registered phone) {
        return at(instance).auth().oauth2(phone.token()).header(StoreForwarding.FORWARDED, "1")
                .get("/api/v1/devices/{id}", phone.deviceId()).statusCode() == 200;
    }

    private static Response beat(String instance, String deviceId, String token) {
        return at(instance).auth().oauth2(token).contentType(ContentType.JSON).body(ELIGIBLE)
                .post("/api/v1/devices/{id}/heartbeats", deviceId);
    }

    /** {@code nhp_heartbeats_forwarded_total} of that outcome, as the instance's Prometheus endpoint shows it. */
    private static long forwarded(String instance, String outcome) {
        var counted = java.util.regex.Pattern.compile("nhp_heartbeats_forwarded_total\\{outcome=\"" + outcome
                + "\",?} (\\S+)").matcher(at(instance).get("/q/metrics").then().statusCode(200).extract().asString());
        assertThat(counted.find()).as("nhp_heartbeats_forwarded_total{outcome=%s} on %s", outcome, instance).isTrue();
        return (long) Double.parseDouble(counted.group(1));
    }

    private static RequestSpecification at(String instance) {
        return given().baseUri(services.url(instance).toString()).redirects().follow(false);
    }
}
