package io.nhp.economics.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.comparesEqualTo;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.nhp.contracts.Topics;
import io.nhp.contracts.events.DeadLetterEvent;
import io.nhp.contracts.events.DeviceState;
import io.nhp.contracts.events.DeviceStatusEvent;
import io.nhp.contracts.events.JobCompletedEvent;
import io.nhp.contracts.events.JobCompletedEvent.Execution;
import io.nhp.kafka.testkit.KafkaTestResource;
import io.nhp.kafka.testkit.TopicReader;
import io.nhp.kafka.testkit.TopicWriter;
import io.nhp.service.kafka.StreamsReadiness;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.config.JsonConfig;
import io.restassured.path.json.config.JsonPathConfig;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue #19's scenario on a real broker: a phone's {@code "deviceSeconds":1e400} (and the other ways a broken
 * figure reaches {@code nhp.jobs.completed}) is dead-lettered with the reason, the completions behind it are paid,
 * and the Streams client stays RUNNING and ready.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
class PoisonRecordIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Inject
    KafkaStreams streams;

    @BeforeEach
    void seed() {
        ReferenceData.seedOnce(bootstrapServers);
    }

    @Test
    void shouldDeadLetterPoisonCompletionsAndPayTheOthersWhileStayingReady() throws Exception {
        String partner = "oem-" + UUID.randomUUID();
        Instant at = Instant.now().minus(Duration.ofMinutes(2)).truncatedTo(ChronoUnit.SECONDS);
        String job = partner + "-j";

        // given completions with broken figures, written as raw JSON as job-broker would have written them
        Map<String, byte[]> poison = new LinkedHashMap<>();
        // the phone's 1e400 as it came, before a double is made of it
        poison.put(job + "-1e400", replace(json(completion(job + "-1e400", partner, at, 3600.0, 1800.0)),
                "\"deviceSeconds\":1800.0", "\"deviceSeconds\":1e400"));
        // what Jackson writes for a double that is infinite, or not a number: a string
        poison.put(job + "-infinity", serialized(completion(job + "-infinity", partner, at, 3600.0,
                Double.POSITIVE_INFINITY)));
        poison.put(job + "-nan", serialized(completion(job + "-nan", partner, at, Double.NaN, 1800.0)));
        // a completion time no timestamp can hold: the processor throws, the processing handler takes it
        poison.put(job + "-far", replace(json(completion(job + "-far", partner, at, 3600.0, 1800.0)),
                "\"eventTime\":\"" + at + "\"", "\"eventTime\":\"+300000000-01-01T00:00:00Z\""));
        // a bare Infinity is not JSON: the deserialization handler takes it
        poison.put(job + "-bare", replace(json(completion(job + "-bare", partner, at, 3600.0, 1800.0)),
                "\"deviceSeconds\":1800.0", "\"deviceSeconds\":Infinity"));
        assertThat(new String(poison.get(job + "-infinity"), StandardCharsets.UTF_8)).contains("\"deviceSeconds\":\"Infinity\"");
        assertThat(new String(poison.get(job + "-nan"), StandardCharsets.UTF_8)).contains("\"gpuSeconds\":\"NaN\"");

        // when they come first on a partition, and valid completions of two other phones behind them
        Map<String, byte[]> valid = new LinkedHashMap<>();
        valid.put(job + "-ok-1", serialized(completion(job + "-ok-1", partner, at.plusSeconds(1), 3600.0, 1800.0,
                partner + "-phone-1")));
        valid.put(job + "-ok-2", serialized(completion(job + "-ok-2", partner, at.plusSeconds(2), 3600.0, 900.0,
                partner + "-phone-2")));
        sendToOnePartition(poison);
        sendToOnePartition(valid);

        // then each broken completion is on the dead letters with the reason
        assertThat(deadLetter(job + "-1e400").reason()).isEqualTo(
                "deviceSeconds of device " + partner + "-poison is Infinity; must be a finite number of seconds from 0 to 86400");
        assertThat(deadLetter(job + "-infinity").reason()).startsWith("deviceSeconds of device " + partner + "-poison is Infinity");
        assertThat(deadLetter(job + "-nan").reason()).startsWith("gpuSeconds is NaN");
        DeadLetterEvent far = deadLetter(job + "-far");
        assertThat(far.reason()).startsWith("processor job-pricing failed on nhp.jobs.completed-0@")
                .endsWith("It can't be converted to milliseconds.");
        assertThat(far.value()).contains("+300000000-01-01T00:00:00Z"); // the bytes as read
        assertThat(deadLetter(job + "-bare").reason()).contains("not a valid JobCompletedEvent");
        assertThat(List.of(far.service(), far.sourceTopic())).containsExactly("economics-service", "nhp.jobs.completed");

        // and the phones behind them are paid: 0.5 h and 0.25 h × $0.20
        await().atMost(WAIT).untilAsserted(() -> api().get("/api/v1/payouts/devices/{id}", partner + "-phone-1")
                .then().statusCode(200)
                .body("totals.jobs", equalTo(1))
                .body("totals.grossUsd", comparesEqualTo(new BigDecimal("0.1"))));
        await().atMost(WAIT).untilAsserted(() -> api().get("/api/v1/payouts/devices/{id}", partner + "-phone-2")
                .then().statusCode(200)
                .body("totals.jobs", equalTo(1))
                .body("totals.grossUsd", comparesEqualTo(new BigDecimal("0.05"))));
        // and nobody for the broken ones
        api().get("/api/v1/payouts/devices/{id}", partner + "-poison").then().statusCode(200)
                .body("totals.jobs", equalTo(0));

        // and the Streams client is still running, readiness says so, and capacity answers
        assertThat(streams.state()).isEqualTo(KafkaStreams.State.RUNNING);
        given().get("/q/health/ready").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.find { it.name == '" + StreamsReadiness.NAME + "' }.data.state", equalTo("RUNNING"));
        TopicWriter.send(bootstrapServers, Topics.DEVICES_STATUS, partner + "-phone-1", new DeviceStatusEvent("s1",
                Instant.now(), partner + "-phone-1", partner, "owner-1", "china", "Xiaomi 14", 34.0, 12, null,
                DeviceState.ELIGIBLE, List.of(), Instant.now()));
        await().atMost(WAIT).untilAsserted(() -> given().auth().oauth2("test-admin-token").get("/api/v1/capacity/{partner}", partner)
                .then().statusCode(200).body("eligibleDevices", equalTo(1)));
        // and ops can count what was refused
        given().auth().oauth2("test-metrics-token").get("/q/metrics").then()
                .body(containsString("nhp_records_failed_total{service=\"economics-service\",topic=\"nhp.jobs.completed\"}"))
                .body(containsString("nhp_records_unreadable_total{service=\"economics-service\",topic=\"nhp.jobs.completed\"}"));
    }

    @Test
    void shouldListTheStreamsClientAmongTheReadinessChecks() {
        await().atMost(WAIT).untilAsserted(() -> given().get("/q/health/ready").then().statusCode(200)
                .body("checks.name", hasItem(StreamsReadiness.NAME)));
    }

    private DeadLetterEvent deadLetter(String jobId) {
        return TopicReader.awaitRecord(bootstrapServers, Topics.DEAD_LETTER, r -> jobId.equals(r.value().key()), WAIT)
                .value();
    }

    private static JobCompletedEvent completion(String jobId, String partner, Instant at, double gpuSeconds,
                                                double deviceSeconds) {
        return completion(jobId, partner, at, gpuSeconds, deviceSeconds, partner + "-poison");
    }

    private static JobCompletedEvent completion(String jobId, String partner, Instant at, double gpuSeconds,
                                                double deviceSeconds, String device) {
        return new JobCompletedEvent("e-" + jobId, at, jobId, partner, "training_small", gpuSeconds, "h-" + jobId,
                true, at.minusSeconds(60), List.of(new Execution(device, "owner-" + device, "china", 34.0, deviceSeconds)),
                List.of());
    }

    /** The completion as the topic's serializer (job-broker's) writes it. */
    private static byte[] serialized(JobCompletedEvent event) {
        return Topics.JOBS_COMPLETED.valueSerde().serializer().serialize(Topics.JOBS_COMPLETED.name(), event);
    }

    private static String json(JobCompletedEvent event) {
        return new String(serialized(event), StandardCharsets.UTF_8);
    }

    private static byte[] replace(String json, String valid, String broken) {
        assertThat(json).contains(valid);
        return json.replace(valid, broken).getBytes(StandardCharsets.UTF_8);
    }

    /** Each record, in order, on partition 0: those sent later are behind those sent earlier. */
    private void sendToOnePartition(Map<String, byte[]> records) throws Exception {
        try (var producer = new KafkaProducer<>(Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers, ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new ByteArraySerializer())) {
            for (var record : records.entrySet()) {
                producer.send(new ProducerRecord<>(Topics.JOBS_COMPLETED.name(), 0, record.getKey(), record.getValue()))
                        .get(30, TimeUnit.SECONDS);
            }
        }
    }

    /** Numbers read back as exact decimals. */
    private static io.restassured.specification.RequestSpecification api() {
        return given().auth().oauth2("test-admin-token").config(RestAssured.config().jsonConfig(
                JsonConfig.jsonConfig().numberReturnType(JsonPathConfig.NumberReturnType.BIG_DECIMAL)));
    }
}
