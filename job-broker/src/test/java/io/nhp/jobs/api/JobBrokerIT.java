package io.nhp.jobs.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.nhp.contracts.TopicSnapshot;
import io.nhp.contracts.Topics;
import io.nhp.contracts.events.JobCompletedEvent;
import io.nhp.contracts.events.ReferenceDataEvent;
import io.nhp.contracts.events.ReferenceKind;
import io.nhp.embeddings.Vectors;
import io.nhp.kafka.testkit.KafkaTestResource;
import io.nhp.kafka.testkit.ReferenceSeed;
import io.nhp.kafka.testkit.TopicReader;
import io.nhp.kafka.testkit.TopicWriter;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.math.BigDecimal;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * job-broker against a real broker: partner and device APIs, leases, reissue, validation, exactly one completion.
 * A test task type ({@code test_echo}: 1 ms of GPU, 1 TOPS) keeps deadlines at a few seconds.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
class JobBrokerIT extends WithTaskTypes {

    static final String XIAOMI = "test-xiaomi-token";
    static final Duration WAIT = Duration.ofSeconds(30);

    @TestHTTPResource("/")
    URL base;
    /** The model's task types and {@code test_echo}, on the reference topic, and known to the broker. */
    static void seedTaskTypes(String bootstrapServers) {
        Instant now = Instant.now();
        ReferenceSeed.publish(bootstrapServers, now);
        var echo = JsonNodeFactory.instance.objectNode().put("gpu_seconds_per_task", new BigDecimal("0.001"))
                .put("min_tops_required", new BigDecimal("1.0")).put("latency_sensitive", true);
        TopicWriter.send(bootstrapServers, Topics.REFERENCE_PRICES, "task:test_echo", new ReferenceDataEvent(
                "e-echo", now, ReferenceKind.TASK_TYPE, "test_echo", 1L, now, "test", echo, List.of()));
        await().atMost(WAIT).until(() -> submit(job("test_echo", 2, 1)).statusCode() == 202);
    }

    @Test
    void shouldLeaseAJobToAnEligibleDeviceAndCompleteItExactlyOnce() {
        Device phone = eligible("lease", 34.0);
        String jobId = accepted(submit("lease", job("test_echo", 5, 1)));

        var lease = phone.take(jobId);
        String leaseId = lease.path("leaseId");
        assertThat(lease.<String>path("inputRef")).isEqualTo("s3://in/test_echo");
        assertThat(lease.<String>path("leaseExpiresAt")).isNotNull();

        for (int i = 0; i < 2; i++) {
            phone.result(leaseId, "SUCCEEDED", "sha256:out").then().statusCode(200)
                    .body("jobId", equalTo(jobId)).body("jobState", equalTo("COMPLETED"));
        }
        given().auth().oauth2(token("lease")).get("/api/v1/jobs/{id}", jobId).then().statusCode(200)
                .body("state", equalTo("COMPLETED")).body("resultHash", equalTo("sha256:out")).body("attempts", equalTo(1));

        JobCompletedEvent completed = TopicReader.awaitRecord(bootstrapServers, Topics.JOBS_COMPLETED,
                r -> r.key().equals(jobId), WAIT).value();
        assertThat(completed.executions()).singleElement().satisfies(e -> {
            assertThat(e.deviceId()).isEqualTo(phone.id());
            assertThat(e.ownerId()).isEqualTo(phone.owner());
            assertThat(e.tops()).isEqualTo(34.0);
        });
        assertThat(completed.gpuSeconds()).isEqualTo(0.001);
        assertThat(TopicSnapshot.read(bootstrapServers, Topics.JOBS_COMPLETED, WAIT))
                .filteredOn(r -> r.key().equals(jobId)).hasSize(1);
    }

    @Test
    void shouldPayTheMeasuredLeaseTimeAndKeepTheDevicesClaimBesideIt() {
        // given a text inference job (29.411 s on a 34-TOPS phone at most) leased to a phone
        Device phone = eligible("pay", 34.0);
        String jobId = accepted(submit("pay", job("inference_text", 200, 1)));
        Instant asked = Instant.now();
        String leaseId = phone.take(jobId).path("leaseId");

        // when the phone computes for a second and claims a billion seconds
        await().pollDelay(Duration.ofSeconds(1)).atMost(WAIT).until(() -> true);
        phone.result(leaseId, "SUCCEEDED", "sha256:out", "1000000000").then().statusCode(200)
                .body("jobState", equalTo("COMPLETED"));
        Duration atMost = Duration.between(asked, Instant.now());

        // then JobCompleted carries the seconds measured from lease to result, and the claim beside them
        JobCompletedEvent completed = TopicReader.awaitRecord(bootstrapServers, Topics.JOBS_COMPLETED,
                r -> r.key().equals(jobId), WAIT).value();
        JobCompletedEvent.Execution execution = completed.executions().get(0);
        assertThat(completed.executions()).hasSize(1);
        assertThat(execution.claimedSeconds()).isEqualTo(1e9);
        assertThat(execution.deviceSeconds()).isBetween(1.0, Math.min(29.411, atMost.toMillis() / 1000.0));
        given().auth().oauth2(token("pay")).get("/api/v1/jobs/{id}", jobId).then().statusCode(200)
                .body("executions[0].deviceId", equalTo(phone.id()))
                .body("executions[0].paidSeconds", equalTo(execution.deviceSeconds().floatValue()))
                .body("executions[0].claimedSeconds", equalTo(1e9f));

        // and ops see the claim beside the round the broker measured (lease to result), and the job's way through
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(metric("nhp_jobs_device_claimed_seconds_max")).isEqualTo(86_400); // a claim counts a day at most
            assertThat(metric("nhp_jobs_device_round_seconds_max")).isBetween(1.0, 3600.0); // measured, not claimed
            assertThat(metric("nhp_jobs_complete_seconds_count")).isGreaterThanOrEqualTo(1);
        });
    }

    @Test
    void shouldRefuseANonFiniteClaimAndCompleteNothing() {
        // given a job leased to a phone
        Device phone = eligible("infinite", 34.0);
        String jobId = accepted(submit("infinite", job("test_echo", 30, 1)));
        String leaseId = phone.take(jobId).path("leaseId");

        // when it claims 1e400 seconds (Infinity as a double), or -1
        phone.result(leaseId, "SUCCEEDED", "sha256:out", "1e400").then().statusCode(400)
                .contentType("application/problem+json").body("errors.field", hasItem("deviceSeconds"))
                .body("detail", containsString("1e400"));
        phone.result(leaseId, "SUCCEEDED", "sha256:out", "-1").then().statusCode(400)
                .body("errors.field", hasItem("deviceSeconds"));

        // then nothing was recorded: the job is still leased, and no completion is on the topic
        given().auth().oauth2(token("infinite")).get("/api/v1/jobs/{id}", jobId).then().statusCode(200)
                .body("state", equalTo("LEASED"));
        assertThat(TopicSnapshot.read(bootstrapServers, Topics.JOBS_COMPLETED, WAIT))
                .noneMatch(r -> r.key().equals(jobId));
    }

    @Test
    void shouldRefuseNullJobsAndMisspeltFieldsAndQueueNothing() {
        String marker = "s3://refused/" + UUID.randomUUID();
        String valid = job("test_echo", 5, 1).replace("s3://in/test_echo", marker);

        given().auth().oauth2(XIAOMI).contentType(ContentType.JSON).body("{\"jobs\":[null]}")
                .post("/api/v1/jobs:batch").then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItem(containsString("jobs")));
        given().auth().oauth2(XIAOMI).contentType(ContentType.JSON).body("{\"jobs\":[" + valid + ",null]}")
                .post("/api/v1/jobs:batch").then().statusCode(400).contentType("application/problem+json");
        given().auth().oauth2(XIAOMI).contentType(ContentType.JSON)
                .body(valid.replace("\"redundancy\"", "\"redundency\""))
                .post("/api/v1/jobs").then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItem("redundency"))
                .body("detail", containsString("is not a field of this request"));
        Device phone = eligible("xiaomi", 34.0);
        given().auth().oauth2(phone.token()).contentType(ContentType.JSON)
                .body("{\"status\":\"FAILED\",\"deviceSeconds\":1,\"deviceSecs\":1}")
                .post("/api/v1/leases/{leaseId}/result", "no-such-lease").then().statusCode(400)
                .body("errors.field", hasItem("deviceSecs"));

        assertThat(TopicSnapshot.read(bootstrapServers, Topics.JOBS_SUBMITTED, WAIT))
                .noneMatch(r -> marker.equals(r.value().inputRef()));
    }

    @Test
    void shouldRefuseAnIdempotencyKeyReusedWithADifferentBody() {
        // given a job submitted with a key
        String key = "reused-" + UUID.randomUUID();
        String first = accepted(given().auth().oauth2(token("idem")).header("Idempotency-Key", key)
                .contentType(ContentType.JSON).body(job("test_echo", 5, 1)).post("/api/v1/jobs"));

        // when the key comes again with another job, and with the same job written differently
        given().auth().oauth2(token("idem")).header("Idempotency-Key", key).contentType(ContentType.JSON)
                .body(job("test_echo", 6, 1)).post("/api/v1/jobs").then().statusCode(422)
                .contentType("application/problem+json").body("detail", containsString(first));
        String same = accepted(given().auth().oauth2(token("idem")).header("Idempotency-Key", key)
                .contentType(ContentType.JSON).body("{\"priority\":0,\"inputHash\":\"sha256:in\",\"taskType\":\"test_echo\","
                        + "\"inputRef\":\"s3://in/test_echo\",\"redundancy\":1,\"deadlineSeconds\":5}")
                .post("/api/v1/jobs"));

        // then the first is answered for the same job, the other refused; a batch's key covers the whole batch
        assertThat(same).isEqualTo(first);
        String batch = "{\"jobs\":[" + job("test_echo", 5, 1) + "," + job("test_echo", 5, 1) + "]}";
        given().auth().oauth2(token("idem")).header("Idempotency-Key", key + "-batch").contentType(ContentType.JSON)
                .body(batch).post("/api/v1/jobs:batch").then().statusCode(202);
        given().auth().oauth2(token("idem")).header("Idempotency-Key", key + "-batch").contentType(ContentType.JSON)
                .body("{\"jobs\":[" + job("test_echo", 5, 1) + "]}").post("/api/v1/jobs:batch").then().statusCode(422)
                .contentType("application/problem+json");
    }

    @Test
    void shouldServeOnlyTheNewestOfADevicesConcurrentPolls() throws Exception {
        // given a phone with nothing to do, polling 20 times at once (as a reconnecting agent might)
        Device phone = eligible("polls", 34.0);
        ExecutorService pollers = Executors.newFixedThreadPool(20);
        try {
            List<CompletableFuture<Response>> polls = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                polls.add(CompletableFuture.supplyAsync(() -> phone.next(25), pollers));
            }

            // then 19 are answered 204 at once, and one poll stays open
            await().atMost(Duration.ofSeconds(10)).until(() -> polls.stream().filter(CompletableFuture::isDone).count() == 19);
            assertThat(polls.stream().filter(CompletableFuture::isDone).map(CompletableFuture::join)
                    .map(Response::statusCode)).containsOnly(204);
            await().atMost(Duration.ofSeconds(10)).until(() -> openPolls() == 1);

            // and when a job arrives, the open one gets it
            CompletableFuture<Response> open = polls.stream().filter(p -> !p.isDone()).findFirst().orElseThrow();
            String jobId = accepted(submit("polls", job("test_echo", 5, 1)));
            Response lease = open.get(10, TimeUnit.SECONDS);
            assertThat(lease.statusCode()).isEqualTo(200);
            assertThat(lease.<String>path("jobId")).isEqualTo(jobId);
        } finally {
            pollers.shutdownNow();
        }
    }

    @Test
    void shouldWakeAWaitingDeviceWhenAJobArrives() {
        Device phone = eligible("wake", 34.0);
        var poll = CompletableFuture.supplyAsync(() -> phone.next(20));
        await().pollDelay(Duration.ofMillis(500)).atMost(WAIT).until(() -> true);
        long submitted = System.nanoTime();

        String jobId = accepted(submit("wake", job("test_echo", 5, 1)));

        Response lease = poll.join();
        assertThat(lease.statusCode()).isEqualTo(200);
        assertThat(lease.<String>path("jobId")).isEqualTo(jobId);
        assertThat(Duration.ofNanos(System.nanoTime() - submitted)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void shouldLeaseNothingToADeviceThatHungUpItsPoll() throws Exception {
        // given a phone that asked to wait 20 s for work and hung up after one (its connection closed)
        Device gone = eligible("hangup", 34.0);
        HttpRequest poll = HttpRequest.newBuilder(base.toURI().resolve("/api/v1/devices/" + gone.id()
                        + "/jobs/next?waitSeconds=20")).header("Authorization", "Bearer " + gone.token())
                .timeout(Duration.ofSeconds(1)).build();
        assertThatThrownBy(() -> HttpClient.newHttpClient().send(poll, HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(HttpTimeoutException.class);

        // then the broker lets its poll go
        await().atMost(Duration.ofSeconds(10)).until(() -> openPolls() == 0);

        // and a job that arrives is not leased to it (a lease nobody receives, held until it expires): the next
        // phone that asks takes it at once, as the job's first attempt
        String jobId = accepted(submit("hangup", job("test_echo", 5, 1)));
        eligible("hangup", 34.0).take(jobId);
        given().auth().oauth2(token("hangup")).get("/api/v1/jobs/{id}", jobId).then().statusCode(200)
                .body("attempts", equalTo(1));
    }

    @Test
    void shouldAnswer204WhenNothingFitsInTheWait() {
        Device weak = eligible("xiaomi", 0.5); // below test_echo's 1 TOPS
        await().pollDelay(Duration.ofSeconds(1)).atMost(WAIT).until(() -> true); // the broker has heard of it
        Response answer = weak.next(1);
        assertThat(answer.statusCode()).isEqualTo(204);
    }

    @Test
    void shouldReissueAnExpiredLeaseToAnotherDeviceAndRefuseTheLateResult() {
        Device slow = eligible("reissue", 34.0);
        Device other = eligible("reissue", 34.0);
        String jobId = accepted(submit("reissue", job("test_echo", 2, 1)));
        String leaseId = slow.take(jobId).path("leaseId");
        assertThat(other.next(0).statusCode()).as("leased, not reissued yet").isEqualTo(204);

        // after the 2 s deadline the job goes to the other device, never back to the slow one
        var reissued = other.take(jobId);
        assertThat(reissued.<String>path("leaseId")).isNotEqualTo(leaseId);
        slow.result(leaseId, "SUCCEEDED", "sha256:late").then().statusCode(409)
                .contentType("application/problem+json").body("detail", containsString("recorded"));
        TopicReader.awaitRecord(bootstrapServers, Topics.JOBS_FAILED,
                r -> r.key().equals(jobId) && "LEASE_EXPIRED".equals(r.value().reason()), WAIT);
    }

    @Test
    void shouldFailAJobAfterThreeFailedAttempts() {
        String jobId = accepted(submit("strikes", job("test_echo", 5, 1)));
        for (int i = 0; i < 3; i++) {
            Device phone = eligible("strikes", 34.0);
            String leaseId = phone.take(jobId).path("leaseId");
            phone.result(leaseId, "FAILED", null).then().statusCode(200);
        }

        given().auth().oauth2(token("strikes")).get("/api/v1/jobs/{id}", jobId).then().statusCode(200)
                .body("state", equalTo("FAILED")).body("failures", equalTo(3));
        var terminal = TopicReader.awaitRecord(bootstrapServers, Topics.JOBS_FAILED,
                r -> r.key().equals(jobId) && Boolean.TRUE.equals(r.value().terminal()), WAIT).value();
        assertThat(terminal.reason()).contains("3 attempts");
    }

    @Test
    void shouldCompleteARedundantJobOnlyWhenTwoResultsAgree() {
        String jobId = accepted(submit("quorum", job("test_echo", 5, 2)));
        Device a = eligible("quorum", 34.0);
        Device b = eligible("quorum", 34.0);
        Device c = eligible("quorum", 34.0);
        String leaseA = a.take(jobId).path("leaseId");
        String leaseB = b.take(jobId).path("leaseId");

        a.result(leaseA, "SUCCEEDED", "sha256:right").then().statusCode(200).body("jobState", equalTo("LEASED"));
        b.result(leaseB, "SUCCEEDED", "sha256:wrong").then().statusCode(200).body("jobState", equalTo("QUEUED"));
        String leaseC = c.take(jobId).path("leaseId");
        c.result(leaseC, "SUCCEEDED", "sha256:right").then().statusCode(200).body("jobState", equalTo("COMPLETED"));

        var completed = TopicReader.awaitRecord(bootstrapServers, Topics.JOBS_COMPLETED, r -> r.key().equals(jobId), WAIT).value();
        assertThat(completed.executions()).extracting(JobCompletedEvent.Execution::deviceId).containsExactly(a.id(), c.id());
        assertThat(completed.resultHash()).isEqualTo("sha256:right");
        assertThat(completed.dissentingDevices()).containsExactly(b.id());
        given().get("/q/metrics").then().body(containsString("nhp_jobs_disagreements_total{partner=\"quorum\"}"));
    }

    @Test
    void shouldLetOnlyTheLeaseHolderHandInItsResult() {
        Device holder = eligible("holder", 34.0);
        Device thief = eligible("holder", 34.0);
        String jobId = accepted(submit("holder", job("test_echo", 5, 1)));
        String leaseId = holder.take(jobId).path("leaseId");

        thief.result(leaseId, "SUCCEEDED", "sha256:x").then().statusCode(403).contentType("application/problem+json");
        thief.result("no-such-lease", "SUCCEEDED", "sha256:x").then().statusCode(404);
        given().auth().oauth2(thief.token()).get("/api/v1/devices/{id}/jobs/next", holder.id()).then().statusCode(403);
        holder.result(leaseId, "SUCCEEDED", null).then().statusCode(400).body("detail", containsString("outputHash"));
    }

    @Test
    void shouldRefuseEveryInvalidSubmissionAndQueueNothing() {
        String marker = "s3://refused/" + UUID.randomUUID();
        given().auth().oauth2(XIAOMI).contentType(ContentType.JSON)
                .body("{\"taskType\":\"mining_bitcoin\",\"inputRef\":\"" + marker + "\",\"inputHash\":\"h\"}")
                .post("/api/v1/jobs").then().statusCode(422).contentType("application/problem+json")
                .body("detail", containsString("mining_bitcoin"));
        given().auth().oauth2(XIAOMI).contentType(ContentType.JSON)
                .body("{\"taskType\":\"test_echo\",\"inputRef\":\"" + marker + "\",\"inputHash\":\"h\",\"redundancy\":4}")
                .post("/api/v1/jobs").then().statusCode(400).body("errors.field", hasItem("redundancy"));
        given().auth().oauth2(XIAOMI).contentType(ContentType.JSON)
                .body("{\"taskType\":\"inference_text\",\"inputRef\":\"" + marker + "\",\"inputHash\":\"h\",\"deadlineSeconds\":30}")
                .post("/api/v1/jobs").then().statusCode(400).body("errors.field", hasItem("deadlineSeconds"))
                .body("detail", containsString("100"));
        given().auth().oauth2(XIAOMI).contentType(ContentType.JSON)
                .body("{\"taskType\":\"test_echo\",\"inputRef\":\"" + "x".repeat(201 * 1024) + "\",\"inputHash\":\"h\"}")
                .post("/api/v1/jobs").then().statusCode(413).contentType("application/problem+json");
        given().auth().oauth2(XIAOMI).contentType(ContentType.JSON)
                .body("{\"jobs\":[" + job("test_echo", 5, 1).replace("s3://in/test_echo", marker) + ","
                        + "{\"taskType\":\"nope\",\"inputRef\":\"" + marker + "\",\"inputHash\":\"h\"}]}")
                .post("/api/v1/jobs:batch").then().statusCode(422).body("detail", containsString("jobs[1].taskType"));
        given().contentType(ContentType.JSON).body(job("test_echo", 5, 1))
                .post("/api/v1/jobs").then().statusCode(401).contentType("application/problem+json");
        given().auth().oauth2(eligible("xiaomi", 34.0).token()).contentType(ContentType.JSON).body(job("test_echo", 5, 1))
                .post("/api/v1/jobs").then().statusCode(403);

        assertThat(TopicSnapshot.read(bootstrapServers, Topics.JOBS_SUBMITTED, WAIT))
                .noneMatch(r -> marker.equals(r.value().inputRef()));
    }

    @Test
    void shouldAnswerTheSameJobForARetriedSubmission() {
        String key = "retry-" + UUID.randomUUID();
        String first = accepted(given().auth().oauth2(XIAOMI).header("Idempotency-Key", key).contentType(ContentType.JSON)
                .body(job("test_echo", 5, 1)).post("/api/v1/jobs"));
        String again = accepted(given().auth().oauth2(XIAOMI).header("Idempotency-Key", key).contentType(ContentType.JSON)
                .body(job("test_echo", 5, 1)).post("/api/v1/jobs"));

        assertThat(again).isEqualTo(first);
        List<String> batch = given().auth().oauth2(XIAOMI).header("Idempotency-Key", key + "-batch")
                .contentType(ContentType.JSON).body("{\"jobs\":[" + job("test_echo", 5, 1) + "," + job("test_echo", 5, 1) + "]}")
                .post("/api/v1/jobs:batch").then().statusCode(202).extract().path("jobIds");
        List<String> batchAgain = given().auth().oauth2(XIAOMI).header("Idempotency-Key", key + "-batch")
                .contentType(ContentType.JSON).body("{\"jobs\":[" + job("test_echo", 5, 1) + "," + job("test_echo", 5, 1) + "]}")
                .post("/api/v1/jobs:batch").then().statusCode(202).extract().path("jobIds");
        assertThat(batchAgain).hasSize(2).isEqualTo(batch);
    }

    @Test
    void shouldShowAPartnerOnlyItsOwnJobsAndQueue() {
        String jobId = accepted(submit(job("training_small", 604_800, 1)));

        given().auth().oauth2(XIAOMI).get("/api/v1/partners/xiaomi/queue").then().statusCode(200)
                .body("queues.find { it.taskType == 'training_small' }.depth", notNullValue());
        given().auth().oauth2("test-samsung-token").get("/api/v1/jobs/{id}", jobId).then().statusCode(404);
        given().auth().oauth2("test-samsung-token").get("/api/v1/partners/xiaomi/queue").then().statusCode(403);
        // ready once the fallback model has loaded too (it loads in the background after start)
        await().atMost(WAIT).untilAsserted(() -> given().when().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'job-broker' }.status", equalTo("UP")));
        given().when().get("/q/metrics").then().statusCode(200)
                .body(containsString("nhp_jobs_submitted_total{partner=\"xiaomi\",task_type=\"training_small\"}"))
                .body(containsString("nhp_jobs_assign_seconds_bucket"));
        await().atMost(WAIT).untilAsserted(() -> given().get("/q/metrics").then()
                .body(containsString("nhp_jobs_queue_depth{partner=\"xiaomi\",task_type=\"training_small\"}")));
    }

    static String job(String taskType, int deadlineSeconds, int redundancy) {
        return "{\"taskType\":\"" + taskType + "\",\"inputRef\":\"s3://in/" + taskType + "\",\"inputHash\":\"sha256:in\","
                + "\"deadlineSeconds\":" + deadlineSeconds + ",\"redundancy\":" + redundancy + "}";
    }

    static Response submit(String body) {
        return submit("xiaomi", body);
    }

    static Response submit(String partner, String body) {
        return given().auth().oauth2(token(partner)).contentType(ContentType.JSON).body(body).post("/api/v1/jobs");
    }

    static String token(String partner) {
        return "test-" + partner + "-token";
    }

    static String accepted(Response response) {
        return response.then().statusCode(202).body("jobId", notNullValue()).extract().path("jobId");
    }

    /** {@code count} echo jobs of the partner queued (30 s, one result each): their ids, in order. */
    static List<String> queued(String partner, int count) {
        List<String> jobIds = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            jobIds.add(accepted(submit(partner, job("test_echo", 30, 1))));
        }
        return jobIds;
    }

    /** A phone device-registry registered and says is eligible, with its credential. */
    Device eligible(String partner, double tops) {
        return eligible(bootstrapServers, partner, tops);
    }

    /** A phone device-registry registered and says is eligible, with its credential. */
    static Device eligible(String bootstrapServers, String partner, double tops) {
        String id = "d-" + UUID.randomUUID();
        String owner = "o-" + UUID.randomUUID();
        Devices.register(bootstrapServers, id, partner, owner, 1);
        Devices.eligible(bootstrapServers, id, partner, owner, tops);
        return new Device(id, owner, Devices.token(id, partner, 1));
    }

    /** Long polls the broker holds open now ({@code nhp.jobs.polls.open}). */
    static double openPolls() {
        return metric("nhp_jobs_polls_open ");
    }

    /** The value of the first line of {@code /q/metrics} that starts with {@code series}; -1 when there is none. */
    static double metric(String series) {
        return given().get("/q/metrics").then().extract().asString().lines()
                .filter(line -> line.startsWith(series))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).findFirst()
                .orElse(-1);
    }

    record Device(String id, String owner, String token) {
        Response next(int waitSeconds) {
            return given().auth().oauth2(token).get("/api/v1/devices/{id}/jobs/next?waitSeconds=" + waitSeconds, id);
        }

        /** A poll for work of these task types only ({@code ?taskType=…}, repeated). */
        Response next(int waitSeconds, String... taskTypes) {
            return given().auth().oauth2(token).queryParam("waitSeconds", waitSeconds)
                    .queryParam("taskType", (Object[]) taskTypes).get("/api/v1/devices/{id}/jobs/next", id);
        }

        /** Polls until it is handed this job. */
        Response take(String jobId) {
            return await().atMost(WAIT).until(() -> next(1),
                    r -> r.statusCode() == 200 && jobId.equals(r.path("jobId")));
        }

        Response result(String leaseId, String status, String hash) {
            return result(leaseId, status, hash, "1.5");
        }

        /** A succeeded result carrying {@code output} (an embedding's bytes) and its hash. */
        Response output(String leaseId, byte[] output) {
            return output(leaseId, Vectors.sha256Hex(output), Base64.getEncoder().encodeToString(output));
        }

        /** A succeeded result carrying an output as written (base64) and the hash it claims. */
        Response output(String leaseId, String hash, String base64) {
            return given().auth().oauth2(token).contentType(ContentType.JSON)
                    .body("{\"status\":\"SUCCEEDED\",\"deviceSeconds\":0.008,\"outputHash\":\"" + hash
                            + "\",\"output\":\"" + base64 + "\"}")
                    .post("/api/v1/leases/{leaseId}/result", leaseId);
        }

        /** A result claiming {@code deviceSeconds} as written. */
        Response result(String leaseId, String status, String hash, String deviceSeconds) {
            String body = "{\"status\":\"" + status + "\",\"deviceSeconds\":" + deviceSeconds
                    + (hash == null ? "" : ",\"outputHash\":\"" + hash + "\"") + "}";
            return given().auth().oauth2(token).contentType(ContentType.JSON).body(body)
                    .post("/api/v1/leases/{leaseId}/result", leaseId);
        }
    }
}
