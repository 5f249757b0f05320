package io.nhp.report.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nhp.contracts.Topics;
import io.nhp.contracts.events.CapacityEvent;
import io.nhp.contracts.events.PartnerProfileEvent;
import io.nhp.contracts.events.SavingsEvent;
import io.nhp.contracts.events.SavingsEvent.Savings;
import io.nhp.kafka.testkit.KafkaTestResource;
import io.nhp.kafka.testkit.ReferenceSeed;
import io.nhp.kafka.testkit.TopicWriter;
import io.nhp.report.pages.Projections;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Profiles and projections on the real topics (as pricing-service and economics-service publish them) → reports. */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
class ReportResourceIT {

    private static boolean published;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @BeforeEach
    void publishXiaomi() {
        if (!published) {
            ReferenceSeed.publish(bootstrapServers, Instant.parse("2026-02-25T00:00:00Z"));
            TopicWriter.send(bootstrapServers, Topics.ECONOMICS_PROJECTIONS, "xiaomi", Projections.event("xiaomi", "xiaomi"));
            published = true;
        }
    }

    @Test
    void shouldServeThePublishedXiaomiReportByteForByteInReferenceMode() throws Exception {
        byte[] reference = Files.readAllBytes(Path.of("../libs/model-data/reference/NHP_x_XIAOMI.md"));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                given().get("/reports/xiaomi.md?mode=reference&date=25.02.2026").then().statusCode(200));
        var response = given().get("/reports/xiaomi.md?mode=reference&date=25.02.2026");
        assertThat(response.contentType()).startsWith("text/markdown");
        assertThat(response.asByteArray()).isEqualTo(reference);
        // and the corrected report is dated today by default
        given().get("/reports/xiaomi.md").then().statusCode(200)
                .body(containsString("| Southeast Asia | $0.09/kWh |"))
                .body(containsString("Generated " + java.time.LocalDate.now(java.time.ZoneOffset.UTC)
                        .format(java.time.format.DateTimeFormatter.ofPattern("dd.MM.yyyy"))));
    }

    @Test
    void shouldServeTheReportAsJsonWithErrataAndLiveFigures() {
        // given the fleet and the savings are live
        Instant now = Instant.now();
        TopicWriter.send(bootstrapServers, Topics.ECONOMICS_CAPACITY, "xiaomi", new CapacityEvent("c1", now, "xiaomi",
                null, 100L, 60L, 30L, 1020.0, 0.51, 0.3, "moderate", now));
        Instant day = now.truncatedTo(ChronoUnit.DAYS);
        TopicWriter.send(bootstrapServers, Topics.ECONOMICS_SAVINGS, "xiaomi", SavingsEvent.of("/nhp/economics-service",
                new Savings("xiaomi", day, day.plus(Duration.ofDays(1)), 12L, new BigDecimal("1.000000"),
                        Map.of("aws_h100", new BigDecimal("12.290000")), new BigDecimal("0.200000"),
                        Map.of("aws_h100", new BigDecimal("12.090000")), new BigDecimal("0.000420"),
                        new BigDecimal("0.199580"), new BigDecimal("0.003500"), new BigDecimal("0.0014")), true, now));

        // then the JSON report carries the corrected tables, what differs from the published ones, and for the
        // partner the live part
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().auth().oauth2("test-xiaomi-token")
                .get("/api/v1/reports/xiaomi").then().statusCode(200)
                .body("mode", equalTo("corrected"))
                .body("projection.name", equalTo("Xiaomi Corporation"))
                .body("texts.nameAr", equalTo("شاومي"))
                .body("errata.findAll { it.row.startsWith('Southeast Asia') }.corrected", hasItem("20.99%"))
                .body("live.capacity.observedUptime", equalTo(0.3f))
                .body("live.savingsToDate.jobs", equalTo(12))
                .body("live.savingsToDate.netSavingsUsd.aws_h100", equalTo(12.09f)));
        given().get("/api/v1/reports/xiaomi?mode=reference").then().statusCode(200).body("errata.size()", equalTo(0));

        // and ops see the same live part; anyone else (no token, another partner's, a wrong one) sees the model only
        given().auth().oauth2("test-admin-token").get("/api/v1/reports/xiaomi").then().statusCode(200)
                .body("live.savingsToDate.jobs", equalTo(12));
        for (String token : new String[] {null, "test-samsung-token", "wrong"}) {
            var request = token == null ? given() : given().auth().oauth2(token);
            request.get("/api/v1/reports/xiaomi").then().statusCode(200).body("live", nullValue())
                    .body("projection.name", equalTo("Xiaomi Corporation"));
        }
        assertThat(given().get("/reports/xiaomi").then().statusCode(200).extract().asString())
                .contains("shown to the partner and to ops").doesNotContain("Savings to date");
        assertThat(given().get("/reports/xiaomi?access_token=test-xiaomi-token").then().statusCode(200).extract().asString())
                .contains("Savings to date · 12 jobs");
    }

    @Test
    void shouldServeTheReportPageInEnglishAndArabicWithSixCharts() {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/reports/xiaomi").then().statusCode(200));
        String english = given().get("/reports/xiaomi").then().statusCode(200).contentType(containsString("text/html"))
                .extract().asString();
        assertThat(english).contains("<html lang=\"en\" dir=\"ltr\">").contains("NHP × Xiaomi Corporation — Deep Dive Report");
        for (String id : new String[] {"overview", "fleet", "security", "ai-services", "savings", "income", "environment",
                "growth", "partnership", "breakeven", "roadmap", "risks", "markets", "live", "errata"}) {
            assertThat(english).contains("<section id=\"" + id + "\">");
        }
        assertThat(english.split("<svg ", -1)).hasSize(7);
        assertThat(english).contains("<td dir=\"auto\" class=\"strong\">1,530,000</td>");

        String arabic = given().get("/reports/xiaomi?lang=ar&mode=reference").then().statusCode(200).extract().asString();
        assertThat(arabic).contains("<html lang=\"ar\" dir=\"rtl\">").contains("NHP × شاومي — تقرير تفصيلي")
                .contains("<td dir=\"auto\" class=\"strong\">1,830,000</td>").doesNotContain("<section id=\"errata\">");
        assertThat(arabic.split("<svg ", -1)).hasSize(7);
    }

    @Test
    void shouldShowAPartnerAddedAtRunTimeWithoutRestart() {
        ObjectNode profile = (ObjectNode) Projections.profile("xiaomi").deepCopy();
        profile.put("key", "xiaomi-eu").put("name", "Xiaomi Europe");
        TopicWriter.send(bootstrapServers, Topics.REFERENCE_PARTNERS, "xiaomi-eu", new PartnerProfileEvent("p-eu",
                Instant.now(), "xiaomi-eu", 1L, Instant.now(), "admin", profile));
        TopicWriter.send(bootstrapServers, Topics.ECONOMICS_PROJECTIONS, "xiaomi-eu", Projections.event("xiaomi", "xiaomi-eu"));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/reports/xiaomi-eu.md")
                .then().statusCode(200).body(startsWith("# NHP × Xiaomi Corporation — Deep Dive Report"))
                .body(containsString("(../../assets/company/xiaomi-eu/xiaomi-eu_01_fleet_power.png)")));
    }

    @Test
    void shouldRefuseBadParametersAndUnknownPartnersAsProblems() {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/reports/xiaomi.md").then().statusCode(200));
        given().get("/reports/xiaomi.md?date=2026-02-25").then().statusCode(400)
                .contentType("application/problem+json").body("errors[0].field", equalTo("date"));
        given().get("/reports/xiaomi.md?lang=fr").then().statusCode(400).body("errors[0].field", equalTo("lang"));
        given().get("/api/v1/reports/xiaomi?mode=optimistic").then().statusCode(400)
                .body("detail", containsString("corrected or reference"));
        given().get("/api/v1/reports/nokia").then().statusCode(404).contentType("application/problem+json")
                .body("detail", containsString("nokia"));
    }
}
