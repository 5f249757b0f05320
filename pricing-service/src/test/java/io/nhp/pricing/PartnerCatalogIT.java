package io.nhp.pricing;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

import io.nhp.contracts.TopicSnapshot;
import io.nhp.contracts.Topics;
import io.nhp.pricing.catalog.PartnerCatalog;
import jakarta.inject.Inject;
import io.nhp.kafka.testkit.KafkaTestResource;
import io.nhp.kafka.testkit.TopicReader;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(KafkaTestResource.class)
class PartnerCatalogIT {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Inject
    PartnerCatalog catalog;

    @Test
    void shouldPublishSeedPartnersAndServeThem() {
        // then every seed partner is served
        given().when().get("/api/v1/partners")
                .then().statusCode(200)
                .body("key", hasItems("samsung", "apple", "xiaomi", "google", "huawei", "oppo", "vivo"))
                .body("find { it.key == 'xiaomi' }.name", equalTo("Xiaomi Corporation"))
                .body("find { it.key == 'xiaomi' }.changedBy", equalTo("seed"));
        given().when().get("/api/v1/partners/xiaomi")
                .then().statusCode(200)
                .body("profile.active_devices_millions", equalTo(600))
                .body("profile.flagship_models.find { it.name == 'Xiaomi 14' }.tops", equalTo(34.0f));

        // and is on the compacted topic for the other services
        var record = TopicReader.awaitRecord(bootstrapServers, Topics.REFERENCE_PARTNERS,
                r -> r.key().equals("xiaomi"), Duration.ofSeconds(10));
        assertThat(record.value().version()).isEqualTo(1L);
        assertThat(record.value().profile().path("ticker").asText()).isEqualTo("1810.HK");
    }

    @Test
    void shouldNotPublishTheSeedAgainOnRestart() {
        // when the catalog starts again on the same topic
        catalog.load();

        // then each seed partner is still on the topic exactly once
        var xiaomi = TopicSnapshot.read(bootstrapServers, Topics.REFERENCE_PARTNERS, Duration.ofSeconds(10)).stream()
                .filter(r -> r.key().equals("xiaomi")).toList();
        assertThat(xiaomi).hasSize(1);
    }

    @Test
    void shouldAnswerNotFoundForUnknownPartner() {
        given().when().get("/api/v1/partners/nokia")
                .then().statusCode(404).contentType("application/problem+json")
                .body("detail", containsString("nokia"));
    }

    @Test
    void shouldBeReadyAndDocumented() {
        given().when().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
        given().when().get("/q/openapi?format=json").then().statusCode(200)
                .body("paths", org.hamcrest.Matchers.hasKey("/api/v1/partners/{key}"));
    }
}
