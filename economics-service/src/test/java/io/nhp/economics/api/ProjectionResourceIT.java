package io.nhp.economics.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nhp.contracts.Topic;
import io.nhp.contracts.Topics;
import io.nhp.contracts.events.PartnerProfileEvent;
import io.nhp.contracts.events.ReferenceDataEvent;
import io.nhp.kafka.testkit.KafkaTestResource;
import io.nhp.kafka.testkit.TopicWriter;
import io.nhp.kafka.testkit.TopicReader;
import io.nhp.modeldata.ModelData;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Reference data on the real topics (as pricing-service publishes it) → projections, live. */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
class ProjectionResourceIT {

    static final Instant T = ReferenceData.SEEDED;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @BeforeEach
    void seedOnce() {
        ReferenceData.seedOnce(bootstrapServers);
    }

    @Test
    void shouldServeEveryShippedPartnerInBothModes() {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/api/v1/projections/xiaomi?mode=reference")
                .then().statusCode(200)
                .body("mode", equalTo("reference"))
                .body("projection.fleet.variants[0].cells[4]", equalTo("1,830,000"))
                .body("projection.userIncome[2].region", equalTo("South Korea")));
        given().get("/api/v1/projections/xiaomi").then().statusCode(200)
                .body("mode", equalTo("corrected"))
                .body("projection.fleet.variants[0].cells[4]", equalTo("1,530,000"))
                .body("projection.userIncome[2].region", equalTo("Southeast Asia"))
                .body("projection.userIncome[4].region", equalTo("Latin America (default)"));
        for (String partner : ModelData.PARTNERS) {
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    given().get("/api/v1/projections/{p}?mode=reference", partner).then().statusCode(200)
                            .body("projection.name", equalTo(ModelData.partners(List.of(partner)).get(partner).path("name").asText())));
        }
    }

    @Test
    void shouldFollowAPriceChangeWithinSeconds() {
        // given Xiaomi's current breakeven figures (AWS A100 at version 1)
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/api/v1/projections/xiaomi")
                .then().statusCode(200).body("inputVersions.'cloud:aws_a100'", equalTo(1)));
        var before = TopicReader.awaitRecord(bootstrapServers, Topics.ECONOMICS_PROJECTIONS,
                r -> r.key().equals("xiaomi") && r.value() != null, Duration.ofSeconds(10))
                .value().projections().get("corrected").at("/breakeven/variants/0");
        double savings = before.path("annualSavingsUsd").asDouble();
        double fiveYear = before.path("fiveYearNetUsd").asDouble();

        // when the AWS A100 instance price doubles on the reference topic
        var a100 = ModelData.referenceItems().stream().filter(i -> i.id().equals("aws_a100")).findFirst().orElseThrow();
        var base = new ReferenceDataEvent("e-a100", T, a100.kind(), a100.id(), 1L, T, "seed", a100.data(), List.of());
        send(Topics.REFERENCE_PRICES, base.key(),
                base.next(((ObjectNode) a100.data().deepCopy()).put("hourly_cost_usd", 65.54), Instant.now(), "admin"));

        // then Xiaomi's projection on the topic uses it: savings double, the 5-year net gains 60 months of them
        var projection = TopicReader.awaitRecord(bootstrapServers, Topics.ECONOMICS_PROJECTIONS,
                r -> r.key().equals("xiaomi") && r.value() != null
                        && Long.valueOf(2L).equals(r.value().inputVersions().get("cloud:aws_a100")),
                Duration.ofSeconds(30)).value();
        var optimistic = projection.projections().get("corrected").at("/breakeven/variants/0");
        assertThat(optimistic.path("annualSavingsUsd").asDouble()).isCloseTo(2 * savings, within(1e-6));
        assertThat(optimistic.path("fiveYearNetUsd").asDouble()).isCloseTo(fiveYear + 60 * savings / 12, within(1e-6));
        assertThat(optimistic.at("/cells/2").asText()).isNotEqualTo(before.at("/cells/2").asText());
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> given().get("/api/v1/projections/xiaomi")
                .then().body("inputVersions.'cloud:aws_a100'", equalTo(2)));
    }

    @Test
    void shouldProjectANewPartnerWithoutRestart() {
        ObjectNode profile = (ObjectNode) ModelData.partners(List.of("vivo")).get("vivo");
        profile.put("key", "vivo-eu").put("name", "Vivo Europe");
        send(Topics.REFERENCE_PARTNERS, "vivo-eu", new PartnerProfileEvent("p-new", Instant.now(), "vivo-eu", 1L,
                Instant.now(), "admin", profile));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/api/v1/projections/vivo-eu")
                .then().statusCode(200).body("projection.name", equalTo("Vivo Europe")).body("partnerVersion", equalTo(1)));
    }

    @Test
    void shouldRefuseUnknownPartnersAndModes() {
        given().get("/api/v1/projections/nokia").then().statusCode(404).contentType("application/problem+json")
                .body("detail", containsString("nokia"));
        given().get("/api/v1/projections/xiaomi?mode=optimistic").then().statusCode(400)
                .contentType("application/problem+json").body("detail", containsString("corrected or reference"));
    }

    private <V> void send(Topic<String, V> topic, String key, V value) {
        TopicWriter.send(bootstrapServers, topic, key, value);
    }
}
