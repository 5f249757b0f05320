package io.nhp.jobs.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import io.nhp.jobs.broker.JobStore;
import io.nhp.kafka.testkit.KafkaTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * The group commit's failure path, on a real broker: a transaction that cannot be committed (another writer took the
 * broker's transactional id, as a restarted instance would) refuses its requests with 503 and changes nothing; the
 * broker rebuilds its book from Kafka, becomes ready again, and holds what was committed before, not the refused. A
 * lease, answered before its batch is in Kafka, is simply unknown when that batch is lost: the job is leased again.
 */
@QuarkusTest
@TestProfile(WriteFailureIT.OwnWriter.class)
@WithTestResource(KafkaTestResource.class)
class WriteFailureIT extends WithTaskTypes {

    static final String TRANSACTIONAL_ID = "job-broker-write-failure-it";

    @Test
    void shouldRefuseWhatCouldNotBeWrittenThenRecoverWithOnlyWhatWas() {
        // given a job accepted (durable)
        TestDevices.awaitReady();
        String kept = JobBrokerIT.accepted(JobBrokerIT.submit("writefail", JobBrokerIT.job("test_echo", 30, 1)));

        // when another writer fences the broker's transactional producer
        fenceTheBroker();

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

    @Test
    void shouldForgetALeaseLostWithItsBatchAndLeaseTheJobAgain() {
        // given a job in Kafka and a phone the broker knows, holding nothing
        TestDevices.awaitReady();
        var phone = JobBrokerIT.eligible(bootstrapServers, "lostlease", 34.0);
        await().atMost(JobBrokerIT.WAIT).until(() -> ExchangeIT.exchange(phone, "[]", 0, 0).statusCode() == 200);
        String job = JobBrokerIT.accepted(JobBrokerIT.submit("lostlease", JobBrokerIT.job("test_echo", 30, 1)));

        // when the broker is fenced and the phone takes the job: its lease is answered at once (a lease is not money),
        // though the batch that holds it cannot be written
        fenceTheBroker();
        Response lost = ExchangeIT.exchange(phone, "[]", 1, 0);
        lost.then().statusCode(200).body("leases", hasSize(1)).body("leases[0].jobId", equalTo(job));
        String lostLease = lost.path("leases[0].leaseId");

        // then, once the broker has rebuilt its book from Kafka, that lease is unknown: its result counts for nothing
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                given().get("/q/health/ready").then().statusCode(200));
        Response handedIn = await().atMost(JobBrokerIT.WAIT).until(() -> ExchangeIT.exchange(phone,
                "[" + ExchangeIT.result(lostLease) + "]", 1, 0), r -> r.statusCode() == 200);
        handedIn.then().body("results[0].status", equalTo(404));

        // and the job, which was in Kafka, is leased again and completed once
        String again = handedIn.<List<String>>path("leases.leaseId").isEmpty()
                ? ExchangeIT.exchange(phone, "[]", 1, 0).then().statusCode(200).extract().path("leases[0].leaseId")
                : handedIn.path("leases[0].leaseId");
        ExchangeIT.exchange(phone, "[" + ExchangeIT.result(again) + "]", 0, 0).then().statusCode(200)
                .body("results[0].status", equalTo(200)).body("results[0].jobState", equalTo("COMPLETED"));
        given().auth().oauth2(JobBrokerIT.token("lostlease")).get("/api/v1/jobs/{id}", job).then().statusCode(200)
                .body("state", equalTo("COMPLETED")).body("attempts", equalTo(1));
    }

    /** Other writers take the broker's transactional ids, as a restarted instance would: its next write fails. */
    private void fenceTheBroker() {
        for (String id : JobStore.transactionalIds(TRANSACTIONAL_ID, JobStore.DEFAULT_WRITERS)) {
            try (var zombieKiller = new KafkaProducer<>(Map.<String, Object>of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                    ProducerConfig.TRANSACTIONAL_ID_CONFIG, id), new StringSerializer(), new StringSerializer())) {
                zombieKiller.initTransactions();
            }
        }
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
                    "nhp.jobs.partners.writefail.token", "test-writefail-token",
                    "nhp.jobs.partners.lostlease.token", "test-lostlease-token");
        }
    }
}
