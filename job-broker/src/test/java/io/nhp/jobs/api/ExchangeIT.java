package io.nhp.jobs.api;

import static io.nhp.jobs.api.JobBrokerIT.WAIT;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import io.nhp.kafka.testkit.KafkaTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The device's round trip ({@code POST /api/v1/exchange}), on a real broker: results handed in and leases taken in
 * one request, each result answered as its own post would be; a device holds at most its lease limit (4 here).
 */
@QuarkusTest
@TestProfile(ExchangeIT.FourLeases.class)
@WithTestResource(KafkaTestResource.class)
class ExchangeIT extends WithTaskTypes {

    private static final String AT_ONCE = "nhp_jobs_device_answers_total{when=\"at_once\"";
    private static final String AFTER_COMMIT = "nhp_jobs_device_answers_total{when=\"after_commit\"";

    @Test
    void shouldHandInResultsAndTakeNewLeasesInOneRoundTrip() {
        // given 6 jobs queued and an eligible phone
        List<String> jobs = JobBrokerIT.queued("exchange", 6);
        var phone = JobBrokerIT.eligible(bootstrapServers, "exchange", 34.0);

        // when it asks for 8 leases, it gets its limit of 4
        Response first = await().atMost(WAIT).until(() -> exchange(phone, "[]", 8, 1),
                r -> r.statusCode() == 200 && r.path("leases.size()").equals(4));
        List<String> leases = first.path("leases.leaseId");
        assertThat(first.<List<String>>path("leases.jobId")).isSubsetOf(jobs);

        // and when it hands in the 4 results (one of them for a lease that is not its own) and asks for more
        String results = "[" + result(leases.get(0)) + "," + result(leases.get(1)) + "," + result("no-such-lease") + ","
                + result(leases.get(2)) + "," + result(leases.get(3)) + "]";
        // (ready to wait: a device whose results are not in Kafka yet queues behind free ones, and is still leased
        // the work left in the same pass)
        double afterCommit = JobBrokerIT.metric(AFTER_COMMIT);
        Response second = exchange(phone, results, 8, 5);

        // then each result is answered in order as its own post would be, and the 2 jobs left are leased
        second.then().statusCode(200)
                .body("results", hasSize(5))
                .body("results[0].status", equalTo(200)).body("results[0].jobState", equalTo("COMPLETED"))
                .body("results[2].status", equalTo(404)).body("results[2].leaseId", equalTo("no-such-lease"))
                .body("results[4].status", equalTo(200))
                .body("leases", hasSize(2));
        // (answered once its results were in Kafka)
        assertThat(JobBrokerIT.metric(AFTER_COMMIT)).isGreaterThanOrEqualTo(afterCommit + 1);

        // and the last two results handed in without waiting: each recorded, nothing left to lease
        List<String> last = second.path("leases.leaseId");
        exchange(phone, "[" + result(last.get(0)) + "," + result(last.get(1)) + "]", 8, 0).then().statusCode(200)
                .body("results.status", contains(200, 200)).body("leases", hasSize(0));

        // and the same results handed in again count once
        exchange(phone, "[" + result(leases.get(0)) + "]", 0, 0).then().statusCode(200)
                .body("results[0].status", equalTo(200)).body("leases", hasSize(0));
        given().auth().oauth2(JobBrokerIT.token("exchange")).get("/api/v1/jobs/{id}", first.<String>path("leases[0].jobId"))
                .then().statusCode(200).body("state", equalTo("COMPLETED")).body("attempts", equalTo(1));
    }

    @Test
    void shouldWaitForWorkAndWakeWhenAJobArrives() throws Exception {
        // given a phone waiting in an exchange with nothing queued
        var phone = JobBrokerIT.eligible(bootstrapServers, "exchange-wait", 34.0);
        await().atMost(WAIT).until(() -> exchange(phone, "[]", 1, 0).statusCode() == 200);
        var waiting = java.util.concurrent.CompletableFuture.supplyAsync(() -> exchange(phone, "[]", 2, 20));
        await().atMost(WAIT).until(() -> JobBrokerIT.openPolls() >= 1);

        double atOnce = JobBrokerIT.metric(AT_ONCE);

        // when a job arrives, then the waiting exchange is handed it, at once (it handed no result in)
        String job = JobBrokerIT.accepted(JobBrokerIT.submit("exchange-wait", JobBrokerIT.job("test_echo", 30, 1)));
        Response woken = waiting.get(30, java.util.concurrent.TimeUnit.SECONDS);
        woken.then().statusCode(200).body("leases", hasSize(1)).body("leases[0].jobId", equalTo(job));
        assertThat(JobBrokerIT.metric(AT_ONCE)).isGreaterThanOrEqualTo(atOnce + 1);
    }

    @Test
    void shouldRefuseAMalformedExchangeWholeAndRecordNothing() {
        var phone = JobBrokerIT.eligible(bootstrapServers, "exchange-bad", 34.0);

        // a result without its status, a want beyond 64, a negative wait: 400 naming the field
        exchange(phone, "[{\"leaseId\":\"l-1\",\"result\":{\"deviceSeconds\":1.0}}]", 1, 0).then().statusCode(400)
                .contentType("application/problem+json");
        exchange(phone, "[]", 65, 0).then().statusCode(400);
        exchange(phone, "[]", 1, -1).then().statusCode(400);
        // no credential: 401
        given().contentType(ContentType.JSON).body("{\"want\":1}").post("/api/v1/exchange").then().statusCode(401);
    }

    static Response exchange(JobBrokerIT.Device phone, String results, int want, int waitSeconds) {
        return given().auth().oauth2(phone.token()).contentType(ContentType.JSON)
                .body("{\"results\":" + results + ",\"want\":" + want + ",\"waitSeconds\":" + waitSeconds + "}")
                .post("/api/v1/exchange");
    }

    static String result(String leaseId) {
        return "{\"leaseId\":\"" + leaseId + "\",\"result\":{\"status\":\"SUCCEEDED\",\"outputHash\":\"sha256:out\","
                + "\"deviceSeconds\":0.5}}";
    }

    /** Devices may hold 4 leases at once here. */
    public static class FourLeases implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("nhp.jobs.max-leases-per-device", "4",
                    "nhp.jobs.partners.exchange.token", "test-exchange-token",
                    "nhp.jobs.partners.exchange-wait.token", "test-exchange-wait-token",
                    "nhp.jobs.partners.exchange-bad.token", "test-exchange-bad-token");
        }
    }
}
