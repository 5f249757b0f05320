package io.nhp.report.api;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import io.nhp.contracts.Topics;
import io.nhp.contracts.events.CapacityEvent;
import io.nhp.contracts.events.SavingsEvent;
import io.nhp.contracts.events.SavingsEvent.Savings;
import io.nhp.kafka.testkit.TopicWriter;
import io.nhp.kafka.testkit.KafkaTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(KafkaTestResource.class)
class HomePageIT {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Test
    void shouldShowLiveOnlineCountPerPartnerAndSkipUnreadableRecords() throws Exception {
        // given a poison record, then two capacity updates for a partner
        String partner = "oem-" + UUID.randomUUID().toString().substring(0, 8);
        try (var raw = new KafkaProducer<>(Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            raw.send(new ProducerRecord<>(Topics.ECONOMICS_CAPACITY.name(), partner.getBytes(StandardCharsets.UTF_8),
                    "{not json".getBytes(StandardCharsets.UTF_8))).get();
        }
        publish(capacity(partner, 5, 3, Instant.now().minusSeconds(1)));
        publish(capacity(partner, 7, 4, Instant.now()));

        // then the home page shows the latest count
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                given().when().get("/")
                        .then().statusCode(200).contentType(containsString("text/html"))
                        .body(containsString("<tr data-partner=\"" + partner + "\">"))
                        .body(containsString("<td class=\"online\">7</td>"))
                        .body(containsString("<td class=\"eligible\">4</td>"))
                        .body(containsString("<td class=\"uptime\">57.1 %</td>")));
        given().when().get("/api/v1/live/capacity").then().statusCode(200)
                .body("find { it.partner == '" + partner + "' }.onlineDevices", equalTo(7));
    }

    @Test
    void shouldShowJobsAndMoneyTodayOnlyToOpsAndToEachPartnerOnItsOwnRow() {
        // given two partners with savings today
        Instant now = Instant.now();
        Instant day = now.truncatedTo(ChronoUnit.DAYS);
        for (String partner : new String[] {"xiaomi", "samsung"}) {
            TopicWriter.send(bootstrapServers, Topics.ECONOMICS_SAVINGS, partner, SavingsEvent.of("/nhp/economics-service",
                    new Savings(partner, day, day.plus(Duration.ofDays(1)), 3L, new BigDecimal("0.1"),
                            Map.of("aws_h100", new BigDecimal("1.229")), new BigDecimal("0.02"),
                            Map.of("aws_h100", new BigDecimal("1.209")), null, null, null, null), true, now));
        }
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().auth().oauth2("test-admin-token")
                .get("/api/v1/live/dashboard").then().statusCode(200)
                .body("partners.find { it.partner == 'xiaomi' }.jobsToday", notNullValue())
                .body("partners.find { it.partner == 'samsung' }.payoutsTodayUsd", notNullValue()));

        // then anonymous visitors see the fleet but no jobs or money, and are told why
        given().get("/api/v1/live/dashboard").then().statusCode(200)
                .body("partners.find { it.partner == 'xiaomi' }.jobsToday", nullValue())
                .body("partners.find { it.partner == 'xiaomi' }.payoutsTodayUsd", nullValue())
                .body("savingsChart", equalTo(""));
        given().get("/").then().statusCode(200).body(containsString("id=\"money-hidden\""))
                .body(not(containsString("cloud cost avoided and owner payouts")));
        // and a partner sees its own row's figures only
        given().auth().oauth2("test-samsung-token").get("/api/v1/live/dashboard").then().statusCode(200)
                .body("partners.find { it.partner == 'samsung' }.jobsToday", notNullValue())
                .body("partners.find { it.partner == 'xiaomi' }.jobsToday", nullValue());
        given().get("/?access_token=test-admin-token").then().statusCode(200)
                .body(not(containsString("id=\"money-hidden\"")));
    }

    @Test
    void shouldBeReadyAndDocumented() {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                given().when().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP")));
        given().when().get("/q/metrics").then().statusCode(200).body(containsString("http_server"));
        given().when().get("/q/openapi?format=json").then().statusCode(200)
                .body("paths", org.hamcrest.Matchers.hasKey("/api/v1/live/capacity"));
    }

    private void publish(CapacityEvent event) throws Exception {
        try (var producer = new KafkaProducer<>(Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers),
                Topics.ECONOMICS_CAPACITY.keySerde().serializer(), Topics.ECONOMICS_CAPACITY.valueSerde().serializer())) {
            producer.send(new ProducerRecord<>(Topics.ECONOMICS_CAPACITY.name(), event.partner(), event)).get();
        }
    }

    private static CapacityEvent capacity(String partner, long online, long eligible, Instant asOf) {
        return new CapacityEvent(UUID.randomUUID().toString(), asOf, partner, null, online, online, eligible,
                eligible * 34.0, eligible * 34.0 / 2000.0, (double) eligible / online, null, asOf);
    }
}
