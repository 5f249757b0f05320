package io.nhp.pricing;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.hasSize;

import io.nhp.contracts.Topic;
import io.nhp.contracts.TopicSnapshot;
import io.nhp.contracts.Topics;
import io.nhp.contracts.events.ReferenceDataEvent;
import io.nhp.kafka.testkit.KafkaTestResource;
import io.nhp.kafka.testkit.TopicReader;
import io.nhp.pricing.catalog.PartnerCatalog;
import io.nhp.pricing.catalog.ReferenceCatalog;
import io.nhp.modeldata.ModelData;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** pricing-service against a real broker: seed, restart, changes, validation, auth. */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
class ReferenceDataIT {

    static final List<String> SHIPPED = ModelData.PARTNERS;
    static final String ADMIN = "test-admin-token";
    static final String READER = "test-reader-token";

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Inject
    ReferenceCatalog reference;

    @Inject
    PartnerCatalog partners;

    @Test
    void shouldPublishEverySeedItemExactlyOnceOnAnEmptyCluster() {
        // then every shipped item has exactly one first version on the topic
        Map<String, Long> firstVersions = records(Topics.REFERENCE_PRICES).stream()
                .filter(r -> r.value().version() == 1L)
                .collect(Collectors.groupingBy(ConsumerRecord::key, Collectors.counting()));
        List<String> seedKeys = ModelData.referenceItems().stream().map(i -> i.kind().key(i.id())).toList();
        assertThat(firstVersions).containsOnlyKeys(seedKeys).allSatisfy((key, count) -> assertThat(count).isEqualTo(1L));
        assertThat(seedKeys).contains("cloud:aws_h100", "region:india", "task:inference_text", "tier:optimistic",
                "constant:h100_tops", "market:Southeast Asia", "region:default");

        Map<String, Long> partnerVersions = records(Topics.REFERENCE_PARTNERS).stream()
                .filter(r -> r.value().version() == 1L && SHIPPED.contains(r.key()))
                .collect(Collectors.groupingBy(ConsumerRecord::key, Collectors.counting()));
        assertThat(partnerVersions).containsOnlyKeys(SHIPPED).allSatisfy((key, count) -> assertThat(count).isEqualTo(1L));
    }

    @Test
    void shouldServeTheReferenceData() {
        given().get("/api/v1/prices/cloud").then().statusCode(200)
                .body("id", equalTo(List.of("aws_a100", "aws_h100", "gcloud_h100", "azure_a100", "azure_h100",
                        "lambda_h100", "coreweave_h100")));
        given().get("/api/v1/prices/cloud/aws_a100").then().statusCode(200)
                .body("key", equalTo("cloud:aws_a100")).body("data.gpus_per_instance", equalTo(8));
        given().get("/api/v1/token-tiers").then().statusCode(200)
                .body("id", equalTo(List.of("optimistic", "moderate", "pessimistic", "catastrophic")))
                .body("data.token_price_usd_per_hour", hasItems(0.5f, 0.2f, 0.08f, 0.02f));
        given().get("/api/v1/regions/southeast_asia").then().statusCode(200)
                .body("data.electricity_usd_per_kwh", equalTo(0.09f)).body("data.avg_monthly_income_usd", equalTo(500));
        given().get("/api/v1/regions/default").then().statusCode(200).body("data.default", equalTo(true));
        given().get("/api/v1/task-types").then().statusCode(200).body("$", hasSize(7)); // the model's 6 and embeddings
        given().get("/api/v1/markets/Latin America").then().statusCode(200).body("data", hasKey("region"));
        given().get("/api/v1/constants/h100_tops").then().statusCode(200).body("data.value", equalTo(2000.0f));
        given().get("/api/v1/prices").then().statusCode(200).body("$", hasSize(ModelData.referenceItems().size()));
        given().get("/api/v1/prices?kind=tier").then().statusCode(200).body("$", hasSize(4));
        given().get("/api/v1/partners/xiaomi").then().statusCode(200)
                .body("profile.active_devices_millions", equalTo(600))
                .body("profile.flagship_models.find { it.name == 'Xiaomi 14' }.tops", equalTo(34.0f))
                .body("profile.primary_markets.find { it.name == 'Latin America' }.default_region", equalTo(true));
        given().get("/api/v1/partners").then().statusCode(200).body("key", hasItems(SHIPPED.toArray(String[]::new)));
    }

    @Test
    void shouldAnswerNotFoundAndBadRequestAsProblems() {
        given().get("/api/v1/prices/cloud/ibm_h100").then().statusCode(404)
                .contentType("application/problem+json").body("detail", containsString("ibm_h100"));
        given().get("/api/v1/partners/nokia").then().statusCode(404).contentType("application/problem+json");
        given().get("/api/v1/prices?kind=gold").then().statusCode(400).contentType("application/problem+json");
    }

    @Test
    void shouldPublishAPriceChangeAsTheNextVersionWithItsHistory() {
        long before = given().get("/api/v1/prices/cloud/aws_h100").then().extract().jsonPath().getLong("version");

        // when an admin changes the AWS H100 instance price
        admin().body("{\"hourly_cost_usd\": 101.36}").put("/api/v1/prices/cloud/aws_h100")
                .then().statusCode(200).body("version", equalTo((int) before + 1))
                .body("changedBy", equalTo("admin")).body("data.hourly_cost_usd", equalTo(101.36f));

        // then it is served, with its history, and on the topic with the exact decimal
        given().get("/api/v1/prices/cloud/aws_h100").then().body("data.hourly_cost_usd", equalTo(101.36f));
        given().get("/api/v1/prices/cloud/aws_h100/history").then().statusCode(200)
                .body("$", hasSize((int) before + 1))
                .body("[0].changedBy", equalTo("seed")).body("[0].data.hourly_cost_usd", equalTo(98.32f))
                .body("[-1].changedBy", equalTo("admin")).body("[-1].version", equalTo((int) before + 1));
        var event = TopicReader.awaitRecord(bootstrapServers, Topics.REFERENCE_PRICES,
                r -> r.key().equals("cloud:aws_h100") && r.value().version() == before + 1, Duration.ofSeconds(10));
        assertThat(event.value().data().get("hourly_cost_usd").decimalValue()).isEqualByComparingTo(new BigDecimal("101.36"));
        assertThat(event.value().history()).extracting(ReferenceDataEvent.Revision::version).hasSize((int) before);

        // and the same value again changes nothing
        int records = records(Topics.REFERENCE_PRICES).size();
        admin().body("{\"hourly_cost_usd\": 101.36}").put("/api/v1/prices/cloud/aws_h100")
                .then().statusCode(200).body("version", equalTo((int) before + 1));
        assertThat(records(Topics.REFERENCE_PRICES)).hasSize(records);
    }

    @Test
    void shouldChangeRegionsTiersAndTaskTypes() {
        admin().body("{\"electricity_usd_per_kwh\": 0.11, \"avg_monthly_income_usd\": 620}").put("/api/v1/regions/brazil")
                .then().statusCode(200).body("data.electricity_usd_per_kwh", equalTo(0.11f))
                .body("data.avg_monthly_income_usd", equalTo(620)).body("data.name", equalTo("Brazil"));
        admin().body("{\"token_price_usd_per_hour\": 1}").put("/api/v1/token-tiers/catastrophic")
                .then().statusCode(200).body("data.token_price_usd_per_hour", equalTo(1.0f));
        admin().body("{\"gpu_seconds_per_task\": 0.4, \"latency_sensitive\": false}").put("/api/v1/task-types/inference_voice")
                .then().statusCode(200).body("data.gpu_seconds_per_task", equalTo(0.4f))
                .body("data.latency_sensitive", equalTo(false));
        // a whole number for a decimal field is stored as a decimal, as the model prints it (1.0, not 1)
        var tier = TopicReader.awaitRecord(bootstrapServers, Topics.REFERENCE_PRICES,
                r -> r.key().equals("tier:catastrophic") && r.value().version() == 2L, Duration.ofSeconds(10));
        assertThat(tier.value().data().get("token_price_usd_per_hour").toString()).isEqualTo("1.0");
    }

    @Test
    void shouldKeepApiChangesAndPublishNothingOnRestart() {
        // given a change made through the API
        admin().body("{\"electricity_usd_per_kwh\": 0.07}").put("/api/v1/regions/india").then().statusCode(200);
        int prices = records(Topics.REFERENCE_PRICES).size();
        int profiles = records(Topics.REFERENCE_PARTNERS).size();

        // when the service rebuilds its state from the topics as on start
        reference.load();
        partners.load();

        // then no record was published and the change is still current
        assertThat(records(Topics.REFERENCE_PRICES)).hasSize(prices);
        assertThat(records(Topics.REFERENCE_PARTNERS)).hasSize(profiles);
        given().get("/api/v1/regions/india").then().body("data.electricity_usd_per_kwh", equalTo(0.07f))
                .body("changedBy", equalTo("admin"));
    }

    @Test
    void shouldAcceptEveryShippedProfileAsYaml() throws IOException {
        for (String key : SHIPPED) {
            String yaml = shipped(key);
            // the shipped file as it is replaces the profile with itself: accepted, nothing new published
            long version = given().get("/api/v1/partners/" + key).then().extract().jsonPath().getLong("version");
            admin().contentType("application/yaml").body(yaml.getBytes(StandardCharsets.UTF_8)).put("/api/v1/partners/" + key)
                    .then().statusCode(200).body("version", equalTo((int) version));

            // and the same file under a new key is a new partner on the topic
            String copy = key + "-yaml";
            admin().contentType("application/yaml")
                    .body(yaml.replace("key: \"" + key + "\"", "key: \"" + copy + "\"").getBytes(StandardCharsets.UTF_8))
                    .post("/api/v1/partners")
                    .then().statusCode(201).header("Location", containsString("/api/v1/partners/" + copy))
                    .body("partner", equalTo(copy)).body("version", equalTo(1)).body("changedBy", equalTo("admin"));
            var record = TopicReader.awaitRecord(bootstrapServers, Topics.REFERENCE_PARTNERS,
                    r -> r.key().equals(copy), Duration.ofSeconds(10));
            assertThat(record.value().profile().path("name").asText())
                    .isEqualTo(given().get("/api/v1/partners/" + key).jsonPath().getString("profile.name"));
        }
    }

    @Test
    void shouldAcceptAJsonProfileAndFlagMarketsWithoutRegion() {
        admin().body(profile("nhp-test", "\"primary_markets\": [{\"name\": \"India\"}, {\"name\": \"Mexico\"}]"))
                .post("/api/v1/partners")
                .then().statusCode(201)
                .body("warnings.field", equalTo(List.of("primary_markets[1].name")))
                .body("warnings[0].message", containsString("Mexico"));
        var stored = TopicReader.awaitRecord(bootstrapServers, Topics.REFERENCE_PARTNERS,
                r -> r.key().equals("nhp-test"), Duration.ofSeconds(10)).value().profile();
        assertThat(stored.at("/primary_markets/1/default_region").asBoolean()).isTrue();
        assertThat(stored.at("/primary_markets/0").has("default_region")).isFalse();

        // and replacing it publishes version 2
        admin().body(profile("nhp-test", "\"primary_markets\": [{\"name\": \"India\"}]")).put("/api/v1/partners/nhp-test")
                .then().statusCode(200).body("version", equalTo(2)).body("warnings", hasSize(0));
    }

    @Test
    void shouldRefuseInvalidInputAndPublishNothing() {
        int prices = records(Topics.REFERENCE_PRICES).size();
        int profiles = records(Topics.REFERENCE_PARTNERS).size();

        refused(admin().body("{\"hourly_cost_usd\": -3}").put("/api/v1/prices/cloud/aws_a100"), 400, "hourly_cost_usd");
        refused(admin().body("{\"hourly_cost_usd\": 0}").put("/api/v1/prices/cloud/aws_a100"), 400, "hourly_cost_usd");
        refused(admin().body("{\"hourly_cost_usd\": \"cheap\"}").put("/api/v1/prices/cloud/aws_a100"), 400, "hourly_cost_usd");
        refused(admin().body("{\"name\": \"AWS2\"}").put("/api/v1/prices/cloud/aws_a100"), 400, "name");
        refused(admin().body("{}").put("/api/v1/prices/cloud/aws_a100"), 400, "body");
        refused(admin().body("{\"hourly_cost_usd\": ").put("/api/v1/prices/cloud/aws_a100"), 400, null);
        refused(admin().body("{\"coverage\": 1.5}").put("/api/v1/token-tiers/moderate"), 400, "coverage");
        refused(admin().body("{\"parallelizable\": -0.1}").put("/api/v1/task-types/fine_tuning"), 400, "parallelizable");
        refused(admin().body("{\"avg_monthly_income_usd\": 99.5}").put("/api/v1/regions/usa"), 400, "avg_monthly_income_usd");
        refused(admin().body("{\"electricity_usd_per_kwh\": 0.2}").put("/api/v1/regions/atlantis"), 404, null);

        refused(admin().body(profile("p1", "\"name\": null")).post("/api/v1/partners"), 400, "name");
        refused(admin().body(profile("p2", "\"flagship_models\": [], \"midrange_models\": []")).post("/api/v1/partners"),
                400, "flagship_models");
        refused(admin().body(profile("p3", "\"flagship_models\": [{\"name\": \"X1\", \"tops\": 0, \"ram_gb\": 8}]"))
                .post("/api/v1/partners"), 400, "flagship_models[0].tops");
        refused(admin().body(profile("p4", "\"partnership\": {\"likelihood\": \"High\", \"integration_difficulty\": "
                + "\"Easy\", \"integration_months\": 5, \"integration_cost_millions_usd\": 10}"))
                .post("/api/v1/partners"), 400, "partnership.integration_months");
        refused(admin().body(profile("p5", "\"manufacturer_data\": {\"flagship_pct\": 1.2}")).post("/api/v1/partners"),
                400, "manufacturer_data.flagship_pct");
        refused(admin().body(profile("p6", "\"smartphone_market_share_pct\": 101.0")).post("/api/v1/partners"),
                400, "smartphone_market_share_pct");
        refused(admin().body(profile("P 7", "")).post("/api/v1/partners"), 400, "key");
        refused(admin().contentType("application/yaml").body("key: [unclosed".getBytes(StandardCharsets.UTF_8))
                .post("/api/v1/partners"), 400, null);
        refused(admin().body(profile("xiaomi", "")).post("/api/v1/partners"), 409, null);
        refused(admin().body(profile("oppo", "")).put("/api/v1/partners/vivo"), 400, "key");
        refused(admin().body(profile("p8", "")).put("/api/v1/partners/p8"), 404, null);
        given().auth().oauth2(ADMIN).contentType("application/json").body("{\"x\":\"" + "a".repeat(300 * 1024) + "\"}")
                .post("/api/v1/partners").then().statusCode(413).contentType("application/problem+json");

        assertThat(records(Topics.REFERENCE_PRICES)).hasSize(prices);
        assertThat(records(Topics.REFERENCE_PARTNERS)).hasSize(profiles);
    }

    @Test
    void shouldRefuseWritesWithoutTheAdminRole() {
        given().contentType("application/json").body("{\"hourly_cost_usd\": 1.0}").put("/api/v1/prices/cloud/aws_a100")
                .then().statusCode(401).contentType("application/problem+json").header("WWW-Authenticate", "Bearer");
        given().auth().oauth2("not-a-token").contentType("application/json").body("{\"hourly_cost_usd\": 1.0}")
                .put("/api/v1/prices/cloud/aws_a100").then().statusCode(401).contentType("application/problem+json");
        given().auth().oauth2(READER).contentType("application/json").body("{\"hourly_cost_usd\": 1.0}")
                .put("/api/v1/prices/cloud/aws_a100").then().statusCode(403).contentType("application/problem+json");
        given().auth().oauth2(READER).contentType("application/json").body(profile("p9", ""))
                .post("/api/v1/partners").then().statusCode(403);
        given().get("/api/v1/prices/cloud/aws_a100").then().body("version", equalTo(1));
    }

    @Test
    void shouldCountPublishedChangesAndBeDocumented() {
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("nhp_reference_changes_published_total{kind=\"cloud\"}"))
                .body(containsString("nhp_reference_changes_published_total{kind=\"partner\"}"));
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/q/openapi?format=json").then().statusCode(200)
                .body("paths", hasKey("/api/v1/prices/cloud/{id}/history"))
                .body("components.securitySchemes", hasKey("bearer"))
                .body("paths.'/api/v1/partners'.post.security[0]", hasKey("bearer"))
                .body("paths", hasKey("/api/v1/token-tiers/{id}"));
    }

    private static RequestSpecification admin() {
        return given().auth().oauth2(ADMIN).contentType("application/json");
    }

    private static void refused(io.restassured.response.Response response, int status, String field) {
        var then = response.then().statusCode(status).contentType("application/problem+json");
        if (field != null) {
            then.body("errors.field", hasItem(field));
        }
    }

    /** A minimal valid profile as JSON, with one field set or overridden (a JSON fragment). */
    static String profile(String key, String override) {
        Map<String, String> fields = new java.util.LinkedHashMap<>();
        fields.put("key", "\"" + key + "\"");
        fields.put("name", "\"Test Phones Ltd\"");
        fields.put("active_devices_millions", "10");
        fields.put("annual_phone_sales_millions", "3");
        fields.put("flagship_models", "[{\"name\": \"T1\", \"tops\": 20.0, \"ram_gb\": 8, \"units_m\": 1}]");
        fields.put("ai_services", "[{\"name\": \"T-AI\", \"daily_requests\": 1000000}]");
        fields.put("primary_markets", "[{\"name\": \"India\"}]");
        fields.put("partnership", "{\"likelihood\": \"High\", \"integration_difficulty\": \"Easy\", "
                + "\"integration_months\": 8, \"integration_cost_millions_usd\": 10}");
        fields.put("security", "{\"tee_name\": \"T-TEE\", \"tee_maturity\": \"Mature\", \"api_openness\": \"Open\"}");
        fields.put("manufacturer_data", "{\"flagship_pct\": 0.2}");
        if (!override.isEmpty()) {
            String name = override.substring(1, override.indexOf('"', 1));
            fields.remove(name);
        }
        String body = fields.entrySet().stream().map(e -> "\"" + e.getKey() + "\": " + e.getValue())
                .collect(Collectors.joining(", "));
        return "{" + body + (override.isEmpty() ? "" : ", " + override) + "}";
    }

    private static String shipped(String key) throws IOException {
        try (InputStream in = ReferenceDataIT.class.getClassLoader().getResourceAsStream("model/companies/" + key + ".yaml")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private <V> List<ConsumerRecord<String, V>> records(Topic<String, V> topic) {
        return TopicSnapshot.read(bootstrapServers, topic, Duration.ofSeconds(10));
    }
}
