package io.nhp.report.messaging;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.nhp.contracts.Topics;
import io.nhp.contracts.events.DeadLetterEvent;
import io.nhp.contracts.events.SavingsEvent;
import io.nhp.contracts.events.SavingsEvent.Savings;
import io.nhp.kafka.testkit.KafkaTestResource;
import io.nhp.kafka.testkit.TopicReader;
import io.nhp.kafka.testkit.TopicWriter;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** A record report-service cannot read is dead-lettered with its place and cause, counted, and the view goes on. */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
class UnreadableRecordsIT {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Test
    void shouldDeadLetterAnUnreadableSavingsRecordAndGoOnWithTheNext() throws Exception {
        // given a partner's savings topic with a record that is not a savings event, then a real one
        String partner = "oem-" + UUID.randomUUID().toString().substring(0, 8);
        long offset = sendPoison(partner, "{\"specversion\":\"1.0\",\"data\":42}");
        Instant day = Instant.now().truncatedTo(ChronoUnit.DAYS);
        TopicWriter.send(bootstrapServers, Topics.ECONOMICS_SAVINGS, partner, SavingsEvent.of("/nhp/economics-service",
                new Savings(partner, day, day.plus(Duration.ofDays(1)), 7L, new BigDecimal("0.5"),
                        Map.of("aws_h100", new BigDecimal("6.145")), new BigDecimal("0.1"),
                        Map.of("aws_h100", new BigDecimal("6.045")), null, null, null, null), true, Instant.now()));

        // then the poison is on the dead-letter topic with where it was and why it could not be read
        DeadLetterEvent deadLetter = TopicReader.awaitRecord(bootstrapServers, Topics.DEAD_LETTER,
                r -> partner.equals(r.value().key()) && "report-service".equals(r.value().service()),
                Duration.ofSeconds(30)).value();
        assertThat(deadLetter.sourceTopic()).isEqualTo(Topics.ECONOMICS_SAVINGS.name());
        assertThat(deadLetter.offset()).isEqualTo(offset);
        assertThat(deadLetter.value()).contains("\"data\":42");
        assertThat(deadLetter.reason()).contains("not a valid SavingsEvent");

        // and counted, and the next record still reaches the dashboard's today columns
        given().get("/q/metrics").then().body(containsString(
                "nhp_records_unreadable_total{service=\"report-service\",topic=\"nhp.economics.savings\"}"));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().auth().oauth2("test-admin-token").get("/api/v1/live/dashboard")
                .then().statusCode(200).body("partners.find { it.partner == '" + partner + "' }.jobsToday", equalTo(7)));
    }

    /** Sends bytes that are JSON but not a savings event, as a broken producer might; returns their offset. */
    private long sendPoison(String key, String json) throws Exception {
        var props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        try (var producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
            return producer.send(new ProducerRecord<>(Topics.ECONOMICS_SAVINGS.name(), null, key,
                    json.getBytes(StandardCharsets.UTF_8), Topics.ECONOMICS_SAVINGS.headers())).get().offset();
        }
    }
}
