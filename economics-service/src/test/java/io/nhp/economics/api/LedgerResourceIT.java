package io.nhp.economics.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.comparesEqualTo;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.hasSize;

import io.nhp.contracts.TopicSnapshot;
import io.nhp.contracts.Topics;
import io.nhp.contracts.events.JobCompletedEvent;
import io.nhp.contracts.events.JobCompletedEvent.Execution;
import io.nhp.contracts.events.PayoutEvent;
import io.nhp.contracts.events.SavingsEvent;
import io.nhp.kafka.testkit.TopicReader;
import io.nhp.kafka.testkit.TopicWriter;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.nhp.kafka.testkit.KafkaTestResource;
import io.nhp.kafka.testkit.PartnerTokens;
import io.restassured.RestAssured;
import io.restassured.config.JsonConfig;
import io.restassured.path.json.config.JsonPathConfig;
import io.restassured.specification.RequestSpecification;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Validated job completions on the real topic → the owners' ledger, the partner's savings, and their APIs. */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
class LedgerResourceIT {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @BeforeEach
    void seed() {
        ReferenceData.seedOnce(bootstrapServers);
    }

    @Test
    void shouldCreditOwnersAndShowThePartnersSavingsLive() {
        // given three GPU-hour jobs, each computed half an hour by a phone in China and one in the USA, two minutes
        // ago (so that their minute has closed), one of them delivered twice
        String partner = "oem-" + UUID.randomUUID();
        String china = partner + "-cn";
        String usa = partner + "-us";
        String owner = "owner-" + UUID.randomUUID();
        Instant at = Instant.now().minus(Duration.ofMinutes(2)).truncatedTo(ChronoUnit.MINUTES).plusSeconds(10);
        for (int i = 0; i < 3; i++) {
            JobCompletedEvent job = new JobCompletedEvent("e-" + i, at.plusSeconds(i), partner + "-j" + i, partner,
                    "training_small", 3600.0, "h" + i, true, at.minusSeconds(60),
                    List.of(new Execution(china, owner, "china", 34.0, 1800.0),
                            new Execution(usa, "owner-" + UUID.randomUUID(), "usa", 34.0, 1800.0)), List.of());
            TopicWriter.send(bootstrapServers, Topics.JOBS_COMPLETED, job.jobId(), job);
            if (i == 0) {
                TopicWriter.send(bootstrapServers, Topics.JOBS_COMPLETED, job.jobId(), job);
            }
        }

        // then the partner's savings: 3 GPU-hours × $12.29 at AWS H100; payouts 6 × 0.5 h × $0.20
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> api().get("/api/v1/savings/{partner}", partner)
                .then().statusCode(200)
                .body("totals.jobs", equalTo(3))
                .body("totals.gpuHours", comparesEqualTo(new BigDecimal("3")))
                .body("totals.avoidedCostUsd.aws_h100", comparesEqualTo(new BigDecimal("36.87")))
                .body("totals.avoidedCostUsd.coreweave_h100", comparesEqualTo(new BigDecimal("6.69")))
                .body("totals.payoutsUsd", comparesEqualTo(new BigDecimal("0.6")))
                .body("totals.netSavingsUsd.aws_h100", comparesEqualTo(new BigDecimal("36.27")))
                .body("totals.co2Kg", comparesEqualTo(new BigDecimal("0.0042")))
                .body("days", hasSize(1)));

        // and the phone in China earned 1.5 h × $0.20 − 1.5 h × 3.5 W / 1000 × $0.08/kWh, to the micro-dollar
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> api().get("/api/v1/payouts/devices/{id}", china)
                .then().statusCode(200)
                .body("partner", equalTo(partner))
                .body("totals.jobs", equalTo(3))
                .body("totals.hours", comparesEqualTo(new BigDecimal("1.5")))
                .body("totals.grossUsd", comparesEqualTo(new BigDecimal("0.3")))
                .body("totals.electricityUsd", comparesEqualTo(new BigDecimal("0.00042")))
                .body("totals.netUsd", comparesEqualTo(new BigDecimal("0.29958")))
                .body("days[0].tokenRateUsdPerHour", comparesEqualTo(new BigDecimal("0.2"))));
        // and ops see the owner's earnings, device by device
        api().get("/api/v1/payouts/owners/{owner}", owner).then().statusCode(200)
                .body("totals.netUsd", comparesEqualTo(new BigDecimal("0.29958")))
                .body("devices", hasKey(china));
        // and the partner's owners by region
        api().get("/api/v1/payouts/partners/{partner}", partner).then().statusCode(200)
                .body("totals.grossUsd", comparesEqualTo(new BigDecimal("0.6")))
                .body("regions.usa.electricityUsd", comparesEqualTo(new BigDecimal("0.00084")));

        // and ops see today's figures in Prometheus (unless the jobs fell on yesterday, just after midnight UTC)
        if (at.truncatedTo(ChronoUnit.DAYS).equals(Instant.now().truncatedTo(ChronoUnit.DAYS))) {
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> given().auth().oauth2("test-metrics-token").get("/q/metrics").then()
                    .body(containsString("nhp_economics_jobs_today{partner=\"" + partner + "\"} 3.0"))
                    .body(containsString("nhp_economics_payouts_usd_today{partner=\"" + partner + "\"} 0.6")));
        }

        // and the ledger holds one entry per job and device, the duplicate credited once
        List<PayoutEvent> entries = TopicSnapshot.read(bootstrapServers, Topics.ECONOMICS_PAYOUTS, Duration.ofSeconds(10))
                .stream().map(r -> r.value()).filter(e -> partner.equals(e.partner())).toList();
        assertThat(entries).hasSize(6).allMatch(e -> e.kind() == PayoutEvent.Kind.ENTRY);

        // and the closed minute went to subscribers as CloudEvents (a share processed after its minute was published
        // comes as another event for that minute: the window events always add up), with the day's running total
        var window = TopicReader.awaitRecord(bootstrapServers, Topics.ECONOMICS_SAVINGS,
                r -> r.key().equals(partner) && r.value().type().equals(SavingsEvent.WINDOW_TYPE), Duration.ofSeconds(20));
        assertThat(window.value().subject()).isEqualTo(partner);
        assertThat(new String(window.headers().lastHeader("content-type").value(), StandardCharsets.UTF_8))
                .startsWith("application/cloudevents+json");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(
                TopicSnapshot.read(bootstrapServers, Topics.ECONOMICS_SAVINGS, Duration.ofSeconds(10)).stream()
                        .map(r -> r.value()).filter(e -> e.subject().equals(partner))
                        .filter(e -> e.type().equals(SavingsEvent.WINDOW_TYPE))
                        .mapToLong(e -> e.data().jobs()).sum()).isEqualTo(3));
        TopicReader.awaitRecord(bootstrapServers, Topics.ECONOMICS_SAVINGS,
                r -> r.key().equals(partner) && r.value().type().equals(SavingsEvent.DAILY_TYPE)
                        && r.value().data().jobs() == 3, Duration.ofSeconds(10));
    }

    @Test
    void shouldShowWhoServedThePartnersJobsInTheSavingsApiAndMetrics() {
        // given, two minutes ago, a GPU-hour served by phones, the same served by the partner's cloud after a phone
        // answered wrong, and a platform canary a phone answered right
        String partner = "oem-" + UUID.randomUUID();
        Instant at = Instant.now().minus(Duration.ofMinutes(2)).truncatedTo(ChronoUnit.MINUTES).plusSeconds(10);
        Execution phone = new Execution(partner + "-cn", "owner-" + UUID.randomUUID(), "china", 34.0, 1800.0);
        List<JobCompletedEvent> jobs = List.of(
                new JobCompletedEvent("e-p", at, partner + "-p", partner, "training_small", 3600.0, "hp", true,
                        at.minusSeconds(60), List.of(phone), List.of()),
                new JobCompletedEvent("e-c", at.plusSeconds(1), partner + "-c", partner, "training_small", 3600.0, "hc",
                        true, at.minusSeconds(60), List.of(), List.of(partner + "-cheat"), JobCompletedEvent.CLOUD,
                        false, false),
                new JobCompletedEvent("e-k", at.plusSeconds(2), partner + "-k", partner, "training_small", 3600.0, "hk",
                        true, at.minusSeconds(60), List.of(phone), List.of(), JobCompletedEvent.PHONES, true, false));
        jobs.forEach(job -> TopicWriter.send(bootstrapServers, Topics.JOBS_COMPLETED, job.jobId(), job));

        // then the savings API counts each apart: the cloud's cost incurred is what the phones' same job avoided,
        // and the partner pays its own job's owner only, the platform the canary's
        java.util.concurrent.atomic.AtomicReference<java.util.Map<String, Object>> seen = new java.util.concurrent.atomic.AtomicReference<>();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            var totals = api().get("/api/v1/savings/{partner}", partner).then().statusCode(200)
                    .body("totals.jobs", equalTo(1))
                    .body("totals.cloudJobs", equalTo(1))
                    .body("totals.canaryJobs", equalTo(1))
                    .body("totals.dissentingResults", equalTo(1))
                    .extract().jsonPath().<java.util.Map<String, Object>>get("totals");
            assertThat(totals.get("cloudCostUsd")).isEqualTo(totals.get("avoidedCostUsd"));
            assertThat(totals.get("cloudGpuHours")).isEqualTo(totals.get("gpuHours"));
            assertThat(new BigDecimal(totals.get("payoutsUsd").toString()))
                    .isEqualByComparingTo(totals.get("platformPayoutsUsd").toString());
            seen.set(totals);
        });
        BigDecimal awsCost = new BigDecimal(((java.util.Map<?, ?>) seen.get().get("cloudCostUsd")).get("aws_h100").toString());

        // and ops see phones vs cloud in Prometheus (unless the jobs fell on yesterday, just after midnight UTC)
        if (at.truncatedTo(ChronoUnit.DAYS).equals(Instant.now().truncatedTo(ChronoUnit.DAYS))) {
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> given().auth().oauth2("test-metrics-token").get("/q/metrics").then()
                    .body(containsString("nhp_economics_requests_served_today{partner=\"" + partner + "\",served_by=\"phones\"} 1.0"))
                    .body(containsString("nhp_economics_requests_served_today{partner=\"" + partner + "\",served_by=\"cloud\"} 1.0"))
                    .body(containsString("nhp_economics_cloud_cost_usd_today{offer=\"aws_h100\",partner=\"" + partner + "\"} " + awsCost.doubleValue()))
                    .body(containsString("nhp_economics_canary_jobs_today{partner=\"" + partner + "\"} 1.0"))
                    .body(containsString("nhp_economics_dissenting_results_today{partner=\"" + partner + "\"} 1.0")));
        }
    }

    @Test
    void shouldRefuseAMalformedRange() {
        api().get("/api/v1/savings/xiaomi?from=yesterday").then().statusCode(400)
                .contentType("application/problem+json").body("errors.field", hasItems("from"));
        api().get("/api/v1/payouts/devices/d1?from=2026-11-22&to=2026-11-01").then().statusCode(400)
                .body("errors[0].message", containsString("after"));
        api().get("/api/v1/payouts/owners/o1?from=2024-01-01&to=2026-11-01").then().statusCode(400)
                .body("errors[0].message", containsString("400 days"));
    }

    @Test
    void shouldRefuseADayOutsideThePlatformsEraByName() {
        // days a LocalDate holds but no store query can (they answered 500), on every endpoint that takes a range
        for (String path : List.of("/api/v1/savings/xiaomi", "/api/v1/payouts/devices/d1", "/api/v1/payouts/owners/o1",
                "/api/v1/payouts/partners/xiaomi")) {
            api().queryParam("to", "+300000000-01-02").get(path).then().statusCode(400)
                    .contentType("application/problem+json")
                    .body("errors.field", equalTo(List.of("to")))
                    .body("errors[0].message", containsString("from 2000-01-01 to 2100-12-31"));
            api().queryParam("from", "-300000000-01-01").get(path).then().statusCode(400)
                    .contentType("application/problem+json")
                    .body("errors.field", equalTo(List.of("from")));
            api().queryParam("from", "1999-12-31").queryParam("to", "2000-01-01").get(path).then().statusCode(400)
                    .body("errors.field", equalTo(List.of("from")));
            api().queryParam("from", "2100-12-31").queryParam("to", "2101-01-01").get(path).then().statusCode(400)
                    .body("errors.field", equalTo(List.of("to")));
        }
        // and the era's own first and last days are fine (once the stores answer)
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> api().queryParam("from", "2000-01-01")
                .queryParam("to", "2000-01-31").get("/api/v1/savings/xiaomi")
                .then().statusCode(200).body("totals.jobs", equalTo(0)));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> api().queryParam("from", "2100-12-01")
                .queryParam("to", "2100-12-31").get("/api/v1/payouts/devices/d1")
                .then().statusCode(200).body("totals.jobs", equalTo(0)));
    }

    @Test
    void shouldPublishTheAsyncApiDocumentOfTheSavingsEvents() {
        given().get("/asyncapi.yaml").then().statusCode(200)
                .body(containsString("nhp.economics.savings"))
                .body(containsString(SavingsEvent.WINDOW_TYPE));
    }

    /** Ops reading; numbers read back as exact decimals. */
    private static RequestSpecification api() {
        return as("test-admin-token");
    }

    /** The holder of {@code credential} reading; numbers read back as exact decimals. */
    private static RequestSpecification as(String credential) {
        return given().auth().oauth2(credential).config(RestAssured.config().jsonConfig(
                JsonConfig.jsonConfig().numberReturnType(JsonPathConfig.NumberReturnType.BIG_DECIMAL)));
    }

    @Test
    void shouldShowMoneyOnlyToItsPartnerAndToOps() {
        for (String path : new String[] {"/api/v1/savings/xiaomi", "/api/v1/payouts/partners/xiaomi"}) {
            given().get(path).then().statusCode(401).contentType("application/problem+json");
            given().auth().oauth2("test-samsung-token").get(path).then().statusCode(403);
            given().auth().oauth2("test-xiaomi-token").get(path).then().statusCode(200);
        }
    }

    @Test
    void shouldShowAPhonesEarningsToItsOwnerVouchedForByThePhonesPartnerOnly() {
        // given a Samsung phone of an owner that computed a job
        String owner = "owner-" + UUID.randomUUID();
        String phone = "samsung-" + UUID.randomUUID();
        Instant at = Instant.now().minus(Duration.ofMinutes(2));
        JobCompletedEvent job = new JobCompletedEvent("e-" + phone, at, phone + "-j", "samsung", "training_small",
                60.0, "h", true, at.minusSeconds(60), List.of(new Execution(phone, owner, "china", 34.0, 30.0)), List.of());
        TopicWriter.send(bootstrapServers, Topics.JOBS_COMPLETED, job.jobId(), job);
        String path = "/api/v1/payouts/devices/" + phone;
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> api().get(path).then().statusCode(200)
                .body("totals.jobs", equalTo(1)));

        // then its owner reads it with the credential Samsung signed, and nobody else does: not the same owner id
        // vouched for by another partner, not another owner, not a partner's token, not anonymous
        as(PartnerTokens.owner("samsung", owner)).get(path).then().statusCode(200).body("ownerId", equalTo(owner));
        as(PartnerTokens.owner("xiaomi", owner)).get(path).then().statusCode(403);
        as(PartnerTokens.owner("samsung", "someone-else")).get(path).then().statusCode(403);
        as("test-samsung-token").get(path).then().statusCode(403);
        given().get(path).then().statusCode(401).contentType("application/problem+json");
        // and an owner id's earnings across partners are for ops only
        as(PartnerTokens.owner("samsung", owner)).get("/api/v1/payouts/owners/{owner}", owner).then().statusCode(403);
        api().get("/api/v1/payouts/owners/{owner}", owner).then().statusCode(200).body("devices", hasKey(phone));
    }
}
