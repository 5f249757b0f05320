package io.nhp.jobs.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.nhp.kafka.testkit.KafkaTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * The group commit's failure path, on a real broker: a transaction that cannot be committed (another writer took the
 * broker's transactional id, as a restarted instance would) refuses its requests with 503 and changes nothing; the
 * broker rebuilds its book from Kafka, becomes ready again, and holds what was committed before, not the refused.
 */
@QuarkusTest
@TestProfile(WriteFailureIT.OwnWriter.class)
@WithTestResource(KafkaTestResource.class)
class WriteFailureIT extends WithTaskTypes {

    static final String TRANSACTIONAL_ID = "job-broker-write-failure-it";

    @Test
    void shouldRefuseWhatCouldNotBeWrittenThenRecoverWithOnlyWhatWas() {
        // given a job accepted (durable)
        String kept = JobBrokerIT.accepted(JobBrokerIT.submit("writefail", JobBrokerIT.job("test_echo", 30, 1)));

        // when another writer fences the broker's transactional producer
        try (var zombieKiller = new KafkaProducer<>(Map.<String, Object>of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, TRANSACTIONAL_ID), new StringSerializer(), new StringSerializer())) {
            zombieKiller.initTransactions();
        }

        // then the next submission cannot be written: refused with 503, nothing queued
        Response refused = JobBrokerIT.submit("writefail", JobBrokerIT.job("test_echo", 30, 1));
        refused.then().statusCode(503).contentType("application/problem+json").header("Retry-After", "1");

        // and the broker rebuilds its book from Kafka and is ready again, with the job committed before and not the
        // refused one
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                given().get("/q/health/ready").then().statusCode(200));
        given().auth().oauth2(JobBrokerIT.token("writefail")).get("/api/v1/jobs/{id}", kept).then().statusCode(200);
        assertThat(depth()).isEqualTo(1);

        // and it takes new work again
        JobBrokerIT.accepted(JobBrokerIT.submit("writefail", JobBrokerIT.job("test_echo", 30, 1)));
        assertThat(depth()).isEqualTo(2);
    }

    private static int depth() {
        return given().auth().oauth2(JobBrokerIT.token("writefail")).get("/api/v1/partners/{p}/queue", "writefail")
                .then().statusCode(200).extract().jsonPath().getList("queues.depth", Integer.class).stream()
                .mapToInt(Integer::intValue).sum();
    }

    /** Its own transactional id, so that fencing it touches no other test's broker. */
    public static class OwnWriter implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("nhp.jobs.transactional-id", TRANSACTIONAL_ID,
                    "nhp.jobs.partners.writefail.token", "test-writefail-token");
        }
    }
}
