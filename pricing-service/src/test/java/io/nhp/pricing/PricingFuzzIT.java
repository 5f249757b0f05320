package io.nhp.pricing;

import static io.nhp.kafka.testkit.MalformedJson.badNumber;
import static io.nhp.kafka.testkit.MalformedJson.notBoolean;
import static io.nhp.kafka.testkit.MalformedJson.notText;
import static io.nhp.kafka.testkit.MalformedJson.tooLong;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.nhp.contracts.Topics;
import io.nhp.kafka.testkit.EndOffsets;
import io.nhp.kafka.testkit.KafkaTestResource;
import io.nhp.kafka.testkit.MalformedJson;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Generated malformed bodies ({@link MalformedJson}, fixed seeds) sent with the admin token to every write endpoint
 * of pricing-service: each is refused with a 4xx problem+json, never a 5xx, and the reference topics end where they
 * were. Changes follow the strict rule (a field the kind does not have, a number beyond a billion or non-finite, a
 * key given twice are 400s); partner profiles keep fields the rules do not check, so an unknown field is not fuzzed.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
class PricingFuzzIT {

    static final int BODIES = 60;
    static final long SEED = 19;
    static final double BILLION = 1e9;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @ParameterizedTest
    @ValueSource(strings = {"/api/v1/prices/cloud/aws_h100", "/api/v1/regions/india", "/api/v1/token-tiers/moderate",
            "/api/v1/task-types/fine_tuning"})
    void shouldRefuseEveryMalformedChangeWithAProblemAndPublishNothing(String item) {
        // given a valid change of every changeable field of the item's kind, with one thing wrong
        Arbitrary<String> bodies = changes(item);

        // when / then
        refusedAll(bodies, body -> send("PUT", item, body));
    }

    @ParameterizedTest
    @ValueSource(strings = {"POST /api/v1/partners", "PUT /api/v1/partners/xiaomi"})
    void shouldRefuseEveryMalformedPartnerProfileWithAProblemAndPublishNothing(String endpoint) {
        String[] method = endpoint.split(" ");
        refusedAll(profiles(method[1].endsWith("xiaomi") ? "xiaomi" : "nhp-fuzz"),
                body -> send(method[0], method[1], body));
    }

    private void refusedAll(Arbitrary<String> bodies, java.util.function.Function<String, Response> send) {
        long before = publishedSoFar();
        for (String body : MalformedJson.sample(bodies, SEED, BODIES)) {
            Response answer = send.apply(body);
            assertThat(answer.statusCode()).as("answer to %s: %s", body, answer.asString()).isBetween(400, 499);
            assertThat(answer.contentType()).as("answer to %s", body).startsWith("application/problem+json");
        }
        assertThat(publishedSoFar()).as("records on the reference topics").isEqualTo(before);
    }

    /** Valid values of every changeable field of the kind, and the values none of them takes. */
    private static Arbitrary<String> changes(String item) {
        Map<String, String> valid = new LinkedHashMap<>();
        Map<String, Arbitrary<String>> wrong = new LinkedHashMap<>();
        if (item.contains("/cloud/")) {
            decimal(valid, wrong, "hourly_cost_usd", "98.32", 0, BILLION);
            whole(valid, wrong, "gpus_per_instance", "8", 1, BILLION);
        } else if (item.contains("/regions/")) {
            decimal(valid, wrong, "electricity_usd_per_kwh", "0.08", 0, BILLION);
            whole(valid, wrong, "avg_monthly_income_usd", "250", 1, BILLION);
        } else if (item.contains("/token-tiers/")) {
            decimal(valid, wrong, "token_price_usd_per_hour", "0.2", 0, BILLION);
            decimal(valid, wrong, "uptime", "0.3", 0, 1);
            decimal(valid, wrong, "coverage", "0.5", 0, 1);
            decimal(valid, wrong, "growth", "0.1", 0, BILLION);
            decimal(valid, wrong, "dc_replaced", "0.2", 0, BILLION);
        } else {
            text(valid, wrong, "name", "Fine-tuning");
            text(valid, wrong, "name_ar", "ضبط دقيق");
            decimal(valid, wrong, "gpu_seconds_per_task", "3600.0", 0, BILLION);
            decimal(valid, wrong, "parallelizable", "0.9", 0, 1);
            valid.put("latency_sensitive", "false");
            wrong.put("latency_sensitive", Arbitraries.oneOf(notBoolean(), Arbitraries.just("null")));
            decimal(valid, wrong, "min_tops_required", "30.0", 0, BILLION);
            decimal(valid, wrong, "market_size_billions_usd", "12.0", 0, BILLION);
        }
        return MalformedJson.bodies(valid, wrong, Set.of(), true, Set.of());
    }

    /** A small valid profile under this key, with one thing wrong. */
    private static Arbitrary<String> profiles(String key) {
        Map<String, String> valid = new LinkedHashMap<>();
        Map<String, Arbitrary<String>> wrong = new LinkedHashMap<>();
        valid.put("key", "\"" + key + "\"");
        wrong.put("key", Arbitraries.oneOf(notText(), Arbitraries.of("\"Bad Key\"", "\"\"", "\"-x\"", "null")));
        text(valid, wrong, "name", "Fuzz Phones Ltd");
        whole(valid, wrong, "active_devices_millions", "10", 1, BILLION);
        whole(valid, wrong, "annual_phone_sales_millions", "3", 0, BILLION);
        valid.put("flagship_models", "[{\"name\":\"F1\",\"tops\":20.0,\"ram_gb\":8,\"units_m\":1}]");
        wrong.put("flagship_models", Arbitraries.of("[]", "[null]", "[7]", "{}", "\"x\"", "null",
                "[{\"name\":\"F1\",\"tops\":1e400,\"ram_gb\":8}]", "[{\"name\":\"F1\",\"tops\":-1,\"ram_gb\":8}]",
                "[{\"name\":\"F1\",\"tops\":20.0,\"ram_gb\":2.5}]", "[{\"tops\":20.0,\"ram_gb\":8}]",
                "[{\"name\":\"F1\",\"tops\":\"20\",\"ram_gb\":8}]"));
        valid.put("ai_services", "[{\"name\":\"F-AI\",\"daily_requests\":1000000}]");
        wrong.put("ai_services", Arbitraries.of("[{\"name\":\"A\",\"daily_requests\":1e400}]",
                "[{\"name\":\"A\",\"daily_requests\":-5}]", "[{\"name\":\"A\",\"daily_requests\":1e13}]",
                "[null]", "{}", "7", "null", "[{\"name\":\"A\"}]"));
        valid.put("primary_markets", "[{\"name\":\"India\"}]");
        wrong.put("primary_markets", Arbitraries.of("[]", "[null]", "[{}]", "[{\"name\":7}]", "\"India\"", "null"));
        valid.put("partnership", "{\"likelihood\":\"High\",\"integration_difficulty\":\"Easy\","
                + "\"integration_months\":8,\"integration_cost_millions_usd\":10}");
        wrong.put("partnership", Arbitraries.of("{}", "[]", "7", "null", "{\"likelihood\":\"High\","
                + "\"integration_difficulty\":\"Easy\",\"integration_months\":5,\"integration_cost_millions_usd\":10}",
                "{\"likelihood\":\"High\",\"integration_difficulty\":\"Easy\",\"integration_months\":8,"
                        + "\"integration_cost_millions_usd\":1e400}"));
        valid.put("security", "{\"tee_name\":\"F-TEE\",\"tee_maturity\":\"Mature\",\"api_openness\":\"Open\"}");
        wrong.put("security", Arbitraries.of("{}", "\"x\"", "null", "{\"tee_name\":7,\"tee_maturity\":\"Mature\","
                + "\"api_openness\":\"Open\"}"));
        valid.put("manufacturer_data", "{\"flagship_pct\":0.2}");
        wrong.put("manufacturer_data", Arbitraries.of("{\"flagship_pct\":1.5}", "{\"flagship_pct\":\"0.2\"}", "{}",
                "null", "[]", "{\"flagship_pct\":-1e400}"));
        return MalformedJson.bodies(valid, wrong, Set.of("key", "name", "active_devices_millions",
                "annual_phone_sales_millions", "flagship_models", "ai_services", "primary_markets", "partnership",
                "security", "manufacturer_data"), false, Set.of());
    }

    private static void decimal(Map<String, String> valid, Map<String, Arbitrary<String>> wrong, String field,
                                String value, double min, double max) {
        valid.put(field, value);
        // zero is refused where the field is positive (prices, durations), so it is tried there
        wrong.put(field, Arbitraries.oneOf(badNumber(min, max, false),
                max > 1 && !Set.of("growth", "dc_replaced", "market_size_billions_usd").contains(field) ? Arbitraries.of("null", "0", "0.0")
                        : Arbitraries.just("null")));
    }

    private static void whole(Map<String, String> valid, Map<String, Arbitrary<String>> wrong, String field,
                              String value, double min, double max) {
        valid.put(field, value);
        wrong.put(field, Arbitraries.oneOf(badNumber(min, max, true), Arbitraries.just("null")));
    }

    private static void text(Map<String, String> valid, Map<String, Arbitrary<String>> wrong, String field,
                             String value) {
        valid.put(field, "\"" + value + "\"");
        wrong.put(field, Arbitraries.oneOf(notText(), tooLong(256), Arbitraries.of("\"\"", "\"  \"", "null")));
    }

    private long publishedSoFar() {
        return EndOffsets.of(bootstrapServers, Topics.REFERENCE_PRICES.name(), Topics.REFERENCE_PARTNERS.name());
    }

    private static Response send(String method, String path, String body) {
        return given().auth().oauth2(ReferenceDataIT.ADMIN).contentType("application/json")
                .body(body.getBytes(StandardCharsets.UTF_8)).request(method, path);
    }
}
