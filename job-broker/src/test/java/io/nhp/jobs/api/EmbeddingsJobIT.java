package io.nhp.jobs.api;

import static io.nhp.jobs.api.JobBrokerIT.WAIT;
import static io.nhp.jobs.api.JobBrokerIT.accepted;
import static io.nhp.jobs.api.JobBrokerIT.submit;
import static io.nhp.jobs.api.JobBrokerIT.token;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.nhp.contracts.TopicSnapshot;
import io.nhp.contracts.Topics;
import io.nhp.contracts.events.JobCompletedEvent;
import io.nhp.contracts.events.JobSubmittedEvent;
import io.nhp.embeddings.MiniLm;
import io.nhp.embeddings.Vectors;
import io.nhp.kafka.testkit.KafkaTestResource;
import io.nhp.kafka.testkit.TopicReader;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Real payloads on the async jobs API against a real broker: an embeddings job carries its text to the phones, their
 * vectors (computed by the model itself) are checked and compared, and the agreed vector is what the partner reads.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
class EmbeddingsJobIT extends WithTaskTypes {

    static final String TEXT = "Phones compute embeddings while their owners sleep.";
    static final String ONE_WORD_CHANGED = "Phones compute embeddings while their owners work.";

    @Test
    void shouldCompleteAnEmbeddingsJobWhenTwoOwnersPostTheModelsVectorAndAnswerTheVector() {
        // given an embeddings job with its text inline and redundancy 2, taken by phones of two owners
        TakenByTwo taken = takenByTwo(bootstrapServers, "embed", TEXT);
        String jobId = taken.jobId();
        Response lease1 = taken.firstLease();

        // when each computes the text it was handed with the model it was told and posts the vector
        assertThat(lease1.<String>path("input")).isEqualTo(TEXT);
        assertThat(lease1.<String>path("model")).isEqualTo("all-MiniLM-L6-v2");
        assertThat(lease1.<String>path("inputHash")).isEqualTo(Vectors.sha256Hex(TEXT.getBytes(StandardCharsets.UTF_8)));
        byte[] vector = Vectors.toBytes(model().embed(lease1.path("input")));
        taken.firstPosts(vector).then().statusCode(200).body("jobState", equalTo("LEASED"));
        taken.secondPosts(Vectors.toBytes(model().embed(taken.secondLease().path("input"))))
                .then().statusCode(200).body("jobState", equalTo("COMPLETED"));

        // then the partner reads the validated vector, and the submission carried the text through Kafka
        given().auth().oauth2(token("embed")).get("/api/v1/jobs/{id}", jobId).then().statusCode(200)
                .body("state", equalTo("COMPLETED"))
                .body("output", equalTo(Base64.getEncoder().encodeToString(vector)))
                .body("resultHash", equalTo(Vectors.sha256Hex(vector)));
        JobSubmittedEvent submitted = TopicReader.awaitRecord(bootstrapServers, Topics.JOBS_SUBMITTED,
                r -> r.key().equals(jobId), WAIT).value();
        assertThat(submitted.input()).isEqualTo(TEXT);
        assertThat(submitted.inputRef()).isNull();
    }

    @Test
    void shouldNotValidateACheatersVectorAndCompleteWithTheHonestOnes() {
        // given an embeddings job with redundancy 2 taken by an honest phone and a cheater
        TakenByTwo taken = takenByTwo(bootstrapServers, "cheat", TEXT);
        String jobId = taken.jobId();
        byte[] right = Vectors.toBytes(model().embed(TEXT));

        // when the cheater posts a well-formed vector of another text, and a third owner computes the right one
        taken.firstPosts(right).then().statusCode(200);
        taken.secondPosts(Vectors.toBytes(model().embed(ONE_WORD_CHANGED)))
                .then().statusCode(200).body("jobState", equalTo("QUEUED"));
        var third = JobBrokerIT.eligible(bootstrapServers, "cheat", 34.0);
        third.output(third.take(jobId).path("leaseId"), right).then().statusCode(200)
                .body("jobState", equalTo("COMPLETED"));

        // then the right vector is delivered and the cheater is the dissenter, not counted
        given().auth().oauth2(token("cheat")).get("/api/v1/jobs/{id}", jobId).then().statusCode(200)
                .body("output", equalTo(Base64.getEncoder().encodeToString(right)));
        JobCompletedEvent completed = TopicReader.awaitRecord(bootstrapServers, Topics.JOBS_COMPLETED,
                r -> r.key().equals(jobId), WAIT).value();
        assertThat(completed.dissentingDevices()).containsExactly(taken.second().id());
        assertThat(completed.executions()).extracting(JobCompletedEvent.Execution::deviceId)
                .containsExactly(taken.first().id(), third.id());
    }

    @Test
    void shouldRefuseAMalformedOutputWith400AndRecordNothing() {
        // given an embeddings job leased to a phone
        String jobId = accepted(submit("malformed", embeddingsJob(TEXT, 1)));
        var phone = JobBrokerIT.eligible(bootstrapServers, "malformed", 34.0);
        String leaseId = phone.take(jobId).path("leaseId");
        byte[] right = Vectors.toBytes(model().embed(TEXT));
        byte[] short383 = java.util.Arrays.copyOf(right, 383 * 4);

        // when it posts no output, output that is not base64, 383 floats, or a hash that is not the output's
        phone.result(leaseId, "SUCCEEDED", Vectors.sha256Hex(right)).then().statusCode(400)
                .contentType("application/problem+json").body("errors.field", hasItem("output"));
        phone.output(leaseId, Vectors.sha256Hex(right), "not base64!").then().statusCode(400)
                .body("errors.field", hasItem("output"));
        phone.output(leaseId, short383).then().statusCode(400).body("errors.field", hasItem("output"));
        phone.output(leaseId, "0".repeat(64), Base64.getEncoder().encodeToString(right)).then().statusCode(400)
                .body("errors.field", hasItem("outputHash"));

        // then nothing was recorded: the job is still leased, and the right vector completes it
        given().auth().oauth2(token("malformed")).get("/api/v1/jobs/{id}", jobId).then().statusCode(200)
                .body("state", equalTo("LEASED"));
        phone.output(leaseId, right).then().statusCode(200).body("jobState", equalTo("COMPLETED"));
    }

    @Test
    void shouldRefuseAnEmbeddingsSubmissionWithoutItsTextOrWithAWrongHashOrOver32KibAndQueueNothing() {
        // given
        String marker = "marker-" + java.util.UUID.randomUUID();
        String overLimit = marker + "€".repeat(11_000); // 33,000+ bytes as UTF-8, 11,000+ characters

        // when / then
        submit("embedinput", "{\"taskType\":\"embeddings\",\"inputRef\":\"s3://" + marker + "\",\"inputHash\":\"h\"}")
                .then().statusCode(400).contentType("application/problem+json").body("errors.field", hasItem("input"));
        submit("embedinput", "{\"taskType\":\"embeddings\",\"input\":\"" + marker + "\",\"inputHash\":\"" + "a".repeat(64)
                + "\"}").then().statusCode(400).body("errors.field", hasItem("inputHash"));
        submit("embedinput", "{\"taskType\":\"embeddings\",\"input\":\"" + overLimit + "\"}")
                .then().statusCode(400).body("errors.field", hasItem("input"));
        given().auth().oauth2(token("embedinput")).contentType(ContentType.JSON).body("{\"jobs\":[" + embeddingsJob("ok", 1)
                + ",{\"taskType\":\"embeddings\",\"input\":\"" + marker + "\",\"inputHash\":\"x\"}]}")
                .post("/api/v1/jobs:batch").then().statusCode(400).body("errors.field", hasItem("jobs[1].inputHash"));
        String atLimit = "x".repeat(32 * 1024 - 3) + "€";
        accepted(submit("embedinput", "{\"taskType\":\"embeddings\",\"input\":\"" + atLimit + "\"}"));

        assertThat(TopicSnapshot.read(bootstrapServers, Topics.JOBS_SUBMITTED, WAIT))
                .noneMatch(r -> r.value() != null && r.value().input() != null && r.value().input().contains(marker));
    }

    @Test
    void shouldAnswerAPhoneWhoseJobTheCloudServedMeanwhileTooLateAndPayItNothing() throws Exception {
        // given one phone of the partner (each /v1 input needs two agreeing: it cannot complete one alone)
        var phone = JobBrokerIT.eligible(bootstrapServers, "openai-late", 34.0);
        TestDevices.awaitReady();

        // when the partner asks /v1 with a 2 s budget, and the phone takes the input's job meanwhile
        CompletableFuture<Response> asked = CompletableFuture.supplyAsync(() -> given().auth()
                .oauth2(token("openai-late")).header("x-nhp-latency-budget-ms", 2000).contentType(ContentType.JSON)
                .body("{\"model\":\"all-MiniLM-L6-v2\",\"input\":\"" + TEXT + "\"}").post("/v1/embeddings"));
        Response lease = org.awaitility.Awaitility.await().atMost(WAIT).until(() -> phone.next(1, "embeddings"),
                r -> r.statusCode() == 200);
        String jobId = lease.path("jobId");

        // then the cloud answers within the budget and the job completes as served by the cloud
        asked.get(10, TimeUnit.SECONDS).then().statusCode(200).header("x-nhp-served-by", "cloud");
        byte[] vector = Vectors.toBytes(model().embed(TEXT));
        given().auth().oauth2(token("openai-late")).get("/api/v1/jobs/{id}", jobId).then().statusCode(200)
                .body("state", equalTo("COMPLETED")).body("servedBy", equalTo("cloud"))
                .body("executions", org.hamcrest.Matchers.empty())
                .body("output", equalTo(Base64.getEncoder().encodeToString(vector)));
        // and the phone's vector, posted within its lease but after that, is too late: 409, not counted, not paid
        phone.output(lease.path("leaseId"), vector).then().statusCode(409)
                .contentType("application/problem+json");
        assertThat(TopicSnapshot.read(bootstrapServers, Topics.JOBS_COMPLETED, WAIT))
                .filteredOn(r -> r.key().equals(jobId)).singleElement().satisfies(r -> {
                    assertThat(r.value().servedBy()).isEqualTo(JobCompletedEvent.CLOUD);
                    assertThat(r.value().executions()).isEmpty();
                    assertThat(r.value().resultHash()).isEqualTo(Vectors.sha256Hex(vector));
                });
    }

    @Test
    void shouldLeaseADeviceOnlyTheTaskTypesItDeclaresAndRefuseOnesTheReferenceDataDoesNotKnow() throws Exception {
        // given a phone that runs embeddings only, waiting for work
        var phone = JobBrokerIT.eligible(bootstrapServers, "tasktypes", 34.0);
        phone.next(0, "embeddings", "teleportation").then().statusCode(400)
                .contentType("application/problem+json").body("errors.field", hasItem("taskType"));
        double pollsBefore = JobBrokerIT.openPolls();
        CompletableFuture<Response> waiting = CompletableFuture.supplyAsync(() -> phone.next(20, "embeddings"));
        org.awaitility.Awaitility.await().atMost(WAIT).until(() -> JobBrokerIT.openPolls() > pollsBefore);

        // when a job of another task type arrives first, then an embeddings job
        String echo = accepted(submit("tasktypes", JobBrokerIT.job("test_echo", 30, 1)));
        String embeddings = accepted(submit("tasktypes", embeddingsJob(TEXT, 1)));

        // then the waiting phone is handed the embeddings job, and a phone naming no task type the other one
        waiting.get(25, TimeUnit.SECONDS).then().statusCode(200).body("jobId", equalTo(embeddings))
                .body("taskType", equalTo("embeddings"));
        JobBrokerIT.eligible(bootstrapServers, "tasktypes", 34.0).take(echo).then().body("taskType",
                equalTo("test_echo"));
    }

    static String embeddingsJob(String text, int redundancy) {
        return "{\"taskType\":\"embeddings\",\"input\":\"" + text + "\",\"redundancy\":" + redundancy
                + ",\"deadlineSeconds\":30}";
    }

    /** An embeddings job of the partner with redundancy 2, and the phones of two owners that were each leased it. */
    record TakenByTwo(String jobId, JobBrokerIT.Device first, Response firstLease, JobBrokerIT.Device second,
                      Response secondLease) {

        /** The first phone's result for its lease, carrying {@code output}. */
        Response firstPosts(byte[] output) {
            return first.output(firstLease.path("leaseId"), output);
        }

        /** The second phone's result for its lease, carrying {@code output}. */
        Response secondPosts(byte[] output) {
            return second.output(secondLease.path("leaseId"), output);
        }
    }

    static TakenByTwo takenByTwo(String bootstrapServers, String partner, String text) {
        String jobId = accepted(submit(partner, embeddingsJob(text, 2)));
        var first = JobBrokerIT.eligible(bootstrapServers, partner, 34.0);
        var second = JobBrokerIT.eligible(bootstrapServers, partner, 34.0);
        return new TakenByTwo(jobId, first, first.take(jobId), second, second.take(jobId));
    }

    private static MiniLm model() {
        return TestDevices.model();
    }
}
