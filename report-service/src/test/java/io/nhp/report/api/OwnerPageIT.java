package io.nhp.report.api;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.equalTo;

import io.nhp.contracts.Topics;
import io.nhp.contracts.events.DeviceState;
import io.nhp.contracts.events.DeviceStatusEvent;
import io.nhp.contracts.events.PayoutEvent;
import io.nhp.kafka.testkit.KafkaTestResource;
import io.nhp.kafka.testkit.PartnerTokens;
import io.nhp.kafka.testkit.TopicWriter;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** An owner's page from the devices' statuses and the payout ledger on the real topics. */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
class OwnerPageIT {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Test
    void shouldShowWhatEachPhoneEarnedPerDayAndWhyItIsNotComputing() {
        // given an owner with two phones: one that computed two jobs yesterday and one today, one that is too hot
        String owner = "owner-" + UUID.randomUUID();
        String busy = owner + "-a";
        String hot = owner + "-b";
        LocalDate today = LocalDate.now(java.time.ZoneOffset.UTC);
        Instant now = Instant.now();
        TopicWriter.send(bootstrapServers, Topics.DEVICES_STATUS, busy, status(busy, owner, DeviceState.ELIGIBLE, List.of()));
        TopicWriter.send(bootstrapServers, Topics.DEVICES_STATUS, hot, status(hot, owner, DeviceState.INELIGIBLE,
                List.of("TOO_HOT", "NOT_CHARGING")));
        TopicWriter.send(bootstrapServers, Topics.ECONOMICS_PAYOUTS, busy, entry(busy, owner, today.minusDays(1), "j1", "0.100000", "0.000140"));
        TopicWriter.send(bootstrapServers, Topics.ECONOMICS_PAYOUTS, busy, entry(busy, owner, today.minusDays(1), "j2", "0.050000", "0.000070"));
        TopicWriter.send(bootstrapServers, Topics.ECONOMICS_PAYOUTS, busy, entry(busy, owner, today, "j3", "0.020000", "0.000028"));

        // then the page shows each day's net, the total, and the reasons
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> ops().get("/api/v1/owners/{owner}", owner)
                .then().statusCode(200).body("jobs", equalTo(3)).body("netUsd", equalTo(0.169762f)));
        ops().get("/owners/{owner}", owner).then().statusCode(200).contentType(containsString("text/html"))
                .body(containsString("<strong id=\"net\">$0.169762</strong>"))
                .body(containsString("<tr data-day=\"" + today.minusDays(1) + "\"><td>" + today.minusDays(1)
                        + "</td><td>2</td><td>1.000000</td><td>$0.150000</td>"))
                .body(containsString("not computing because: TOO_HOT, NOT_CHARGING"));

        // and the owner reads it with the credential its partner signed (a link from the partner's app in a
        // browser); nobody else but ops reads an owner's phones and earnings
        String credential = PartnerTokens.owner("xiaomi", owner);
        given().auth().oauth2(credential).get("/api/v1/owners/{owner}", owner).then().statusCode(200);
        given().get("/owners/{owner}?access_token=" + credential, owner).then().statusCode(200)
                .body(containsString("<strong id=\"net\">$0.169762</strong>"));
        given().get("/api/v1/owners/{owner}", owner).then().statusCode(401).contentType("application/problem+json");
        given().accept("text/html,*/*;q=0.8").get("/owners/{owner}", owner).then().statusCode(401)
                .contentType(containsString("text/html")).body(containsString("Open this page from your phone maker"))
                .body(not(containsString("0.169762")));
        given().accept("text/html,*/*;q=0.8").get("/owners/{owner}?access_token=test-xiaomi-token", owner)
                .then().statusCode(403).body(containsString("not this owner"));
        given().auth().oauth2("test-xiaomi-token").get("/api/v1/owners/{owner}", owner).then().statusCode(403);
        given().auth().oauth2(PartnerTokens.owner("xiaomi", "someone-else")).get("/api/v1/owners/{owner}", owner)
                .then().statusCode(403);
        // and the same owner id vouched for by another partner is another person: none of these phones is theirs
        given().auth().oauth2(PartnerTokens.owner("samsung", owner)).get("/api/v1/owners/{owner}", owner)
                .then().statusCode(404);
        given().auth().oauth2(PartnerTokens.owner("xiaomi", "unknown")).get("/api/v1/owners/unknown").then().statusCode(403);
    }

    @Test
    void shouldTellAPersonThatNoPhoneOfAnUnknownOwnerIsKnownAndAnApiClientTheProblem() {
        String nobody = "nobody-" + UUID.randomUUID();

        ops().accept("text/html,application/xhtml+xml,*/*;q=0.8").get("/owners/{owner}", nobody)
                .then().statusCode(404).contentType(containsString("text/html"))
                .body(containsString("No phone of this owner is known")).body(containsString(nobody));
        ops().accept("application/json").get("/owners/{owner}", nobody)
                .then().statusCode(404).contentType("application/problem+json");
        ops().get("/api/v1/owners/{owner}", nobody).then().statusCode(404).contentType("application/problem+json");
    }

    private static io.restassured.specification.RequestSpecification ops() {
        return given().auth().oauth2("test-admin-token");
    }

    private static DeviceStatusEvent status(String device, String owner, DeviceState state, List<String> reasons) {
        return new DeviceStatusEvent("s-" + device, Instant.now(), device, "xiaomi", owner, "china", "Xiaomi 14", 34.0,
                12, DeviceState.OFFLINE, state, reasons, Instant.now());
    }

    private static PayoutEvent entry(String device, String owner, LocalDate day, String job, String gross, String electricity) {
        BigDecimal g = new BigDecimal(gross);
        BigDecimal e = new BigDecimal(electricity);
        Instant at = day.atStartOfDay(java.time.ZoneOffset.UTC).toInstant().plusSeconds(3600);
        return new PayoutEvent("p-" + job, at, PayoutEvent.Kind.ENTRY, device, owner, "xiaomi", "china", day, job, at,
                1L, new BigDecimal("1800"), new BigDecimal("0.5"), new BigDecimal("0.2"), new BigDecimal("0.08"), g, e,
                g.subtract(e), new BigDecimal("0.00175"), new BigDecimal("0.0007"));
    }
}
