package io.nhp.jobs.broker;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.nhp.contracts.Topics;
import io.nhp.kafka.testkit.KafkaTestResource;
import io.nhp.kafka.testkit.SharedKafka;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * job-broker starting over a job snapshot it cannot read: it does not become ready with the job left out. It stays
 * up and not ready, says which record and why, refuses requests with 503, and is ready once an operator has written
 * a readable snapshot or a tombstone for that job (it tries again every second here).
 */
@QuarkusTest
@TestProfile(UnreadableSnapshotIT.RetryEverySecond.class)
@WithTestResource(KafkaTestResource.class)
@WithTestResource(UnreadableSnapshotIT.UnreadableSnapshot.class)
class UnreadableSnapshotIT {

    static final Duration WAIT = Duration.ofSeconds(60);

    @ConfigProperty(name = "nhp.test.unreadable.key")
    String key;

    @ConfigProperty(name = "nhp.test.unreadable.at")
    String at;

    @Test
    void shouldStayNotReadyNamingTheUnreadableSnapshotUntilItIsRepaired() throws Exception {
        // given job-broker started over a snapshot that is not JSON (written before it started)

        // then it is not ready, and says which record and why
        given().get("/q/health/ready").then().statusCode(503)
                .body("checks.find { it.name == 'job-broker' }.status", equalTo("DOWN"))
                .body("checks.find { it.name == 'job-broker' }.data.reason",
                        allOf(containsString(at), containsString("key " + key), containsString("not a valid JobSnapshot")));
        // and it refuses work rather than answer from a book without that job
        given().auth().oauth2("test-xiaomi-token").get("/api/v1/jobs/{id}", key).then().statusCode(503)
                .contentType("application/problem+json").header("Retry-After", "1")
                .body("detail", containsString("not ready"));

        // when an operator drops that job deliberately, with a tombstone
        UnreadableSnapshot.write(key, null);

        // then it becomes ready
        await().atMost(WAIT).untilAsserted(() -> given().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'job-broker' }.status", equalTo("UP")));
    }

    /** Tries to rebuild the book every second. */
    public static class RetryEverySecond implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("nhp.jobs.recovery-retry", "PT1S");
        }
    }

    /**
     * Writes a snapshot that is not JSON to {@code nhp.jobs.state} before the application starts; tombstones it when
     * the application is gone, whatever the test did, so that no later start on this broker meets it.
     */
    public static class UnreadableSnapshot implements QuarkusTestResourceLifecycleManager {

        private final String key = "j-unreadable-" + UUID.randomUUID();

        @Override
        public Map<String, String> start() {
            try {
                JobStore.createTopic(SharedKafka.bootstrapServers());
                RecordMetadata written = write(key, "{\"jobId\":\"" + key + "\",\"state\":");
                return Map.of("nhp.test.unreadable.key", key,
                        "nhp.test.unreadable.at", written.topic() + "-" + written.partition() + "@" + written.offset());
            } catch (Exception e) {
                throw new IllegalStateException("cannot write the unreadable snapshot", e);
            }
        }

        @Override
        public void stop() {
            try {
                write(key, null);
            } catch (Exception e) {
                throw new IllegalStateException("cannot tombstone the unreadable snapshot " + key, e);
            }
        }

        static RecordMetadata write(String key, String value) throws Exception {
            try (var producer = new KafkaProducer<String, String>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                    SharedKafka.bootstrapServers()), new StringSerializer(), new StringSerializer())) {
                return producer.send(new ProducerRecord<>(Topics.JOBS_STATE.name(), key, value)).get();
            }
        }
    }
}
