package io.nhp.jobs.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.nhp.kafka.testkit.KafkaTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.util.Collections;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Per-partner quotas of unfinished jobs, on a real broker: {@code quota} may have 3 open jobs, {@code quota-batch} 2;
 * a submission beyond is refused whole with 429 and Retry-After, and counted.
 */
@QuarkusTest
@TestProfile(JobQuotaIT.SmallQuotas.class)
@WithTestResource(KafkaTestResource.class)
class JobQuotaIT extends WithTaskTypes {

    @Test
    void shouldRefuseAJobBeyondThePartnersOpenJobsUntilOneFinishes() {
        // given a partner with its 3 open jobs
        String first = JobBrokerIT.queued("quota", 3).get(0);

        // when it submits a fourth
        Response refused = JobBrokerIT.submit("quota", JobBrokerIT.job("test_echo", 30, 1));

        // then it is refused with 429, when to retry, and counted; nothing more is queued
        refused.then().statusCode(429).contentType("application/problem+json").header("Retry-After", "7")
                .body("detail", containsString("3 unfinished jobs"));
        assertThat(depth("quota")).isEqualTo(3);
        assertThat(metrics()).contains("nhp_jobs_refused_total{partner=\"quota\",reason=\"quota\"} 1.0");

        // and once a phone finished one of them, a new job is taken
        var phone = JobBrokerIT.eligible(bootstrapServers, "quota", 34.0);
        String leaseId = phone.take(first).path("leaseId");
        phone.result(leaseId, "SUCCEEDED", "sha256:out").then().statusCode(200).body("jobState", equalTo("COMPLETED"));
        JobBrokerIT.accepted(JobBrokerIT.submit("quota", JobBrokerIT.job("test_echo", 30, 1)));
    }

    @Test
    void shouldRefuseABatchThatWouldExceedTheQuotaWholeAndQueueNothingOfIt() {
        // given a partner with 1 of its 2 open jobs
        JobBrokerIT.accepted(JobBrokerIT.submit("quota-batch", JobBrokerIT.job("test_echo", 30, 1)));

        // when it submits a batch of 2
        Response refused = batch("quota-batch", 2);

        // then the whole batch is refused and none of it queued; a batch of 1 still fits
        refused.then().statusCode(429).contentType("application/problem+json").header("Retry-After", "7");
        assertThat(depth("quota-batch")).isEqualTo(1);
        batch("quota-batch", 1).then().statusCode(202);
        assertThat(depth("quota-batch")).isEqualTo(2);
    }

    @Test
    void shouldAnswerARetryOfAnAcceptedJobEvenAtTheQuota() {
        // given a partner at its quota, the last job submitted with an Idempotency-Key
        String key = "k-" + UUID.randomUUID();
        JobBrokerIT.queued("quota-retry", 2);
        String last = JobBrokerIT.accepted(submitWithKey("quota-retry", key));

        // when it retries that submission
        Response retried = submitWithKey("quota-retry", key);

        // then the retry answers the same job: it queues nothing, so the quota does not refuse it
        retried.then().statusCode(202).body("jobId", equalTo(last));
    }

    private static Response submitWithKey(String partner, String key) {
        return given().auth().oauth2(JobBrokerIT.token(partner)).header("Idempotency-Key", key)
                .contentType(ContentType.JSON).body(JobBrokerIT.job("test_echo", 30, 1)).post("/api/v1/jobs");
    }

    private static Response batch(String partner, int jobs) {
        String body = "{\"jobs\":[" + String.join(",", Collections.nCopies(jobs,
                JobBrokerIT.job("test_echo", 30, 1))) + "]}";
        return given().auth().oauth2(JobBrokerIT.token(partner)).contentType(ContentType.JSON).body(body)
                .post("/api/v1/jobs:batch");
    }

    private static int depth(String partner) {
        return given().auth().oauth2(JobBrokerIT.token(partner)).get("/api/v1/partners/{p}/queue", partner).then()
                .statusCode(200).extract().jsonPath().getList("queues.depth", Integer.class).stream()
                .mapToInt(Integer::intValue).sum();
    }

    private static String metrics() {
        return given().get("/q/metrics").then().statusCode(200).extract().asString();
    }

    /** Small quotas: 3 open jobs for {@code quota} (its own setting), 2 for the others here; retry after 7 s. */
    public static class SmallQuotas implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("nhp.jobs.partners.quota.max-open-jobs", "3",
                    "nhp.jobs.partners.quota-batch.token", "test-quota-batch-token",
                    "nhp.jobs.partners.quota-batch.max-open-jobs", "2",
                    "nhp.jobs.partners.quota-retry.token", "test-quota-retry-token",
                    "nhp.jobs.partners.quota-retry.max-open-jobs", "3",
                    "nhp.jobs.quota.retry-after", "PT7S");
        }
    }
}
