package io.nhp.jobs.api;

import static io.nhp.jobs.api.EmbeddingsJobIT.ONE_WORD_CHANGED;
import static io.nhp.jobs.api.EmbeddingsJobIT.TEXT;
import static io.nhp.jobs.api.EmbeddingsJobIT.embeddingsJob;
import static io.nhp.jobs.api.EmbeddingsJobIT.takenByTwo;
import static io.nhp.jobs.api.JobBrokerIT.WAIT;
import static io.nhp.jobs.api.JobBrokerIT.accepted;
import static io.nhp.jobs.api.JobBrokerIT.submit;
import static io.nhp.jobs.api.JobBrokerIT.token;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.nhp.contracts.Topics;
import io.nhp.contracts.events.JobCompletedEvent;
import io.nhp.embeddings.Agreement;
import io.nhp.embeddings.MiniLm;
import io.nhp.embeddings.Vectors;
import io.nhp.jobs.api.EmbeddingsJobIT.TakenByTwo;
import io.nhp.jobs.checks.FallbackServiceModel;
import io.nhp.kafka.testkit.KafkaTestResource;
import io.nhp.kafka.testkit.TopicReader;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * Cheating phones against the real broker and the started job-broker: a dissenter is struck and, after
 * {@code max-strikes}, leased nothing; colluders agreeing on a wrong vector are caught by the service's spot check;
 * a canary's wrong answer is struck. Every verdict is read back from {@code nhp.jobs.completed}.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
class ReputationIT extends WithTaskTypes {

    @Test
    void shouldStrikeACheaterOnEachDissentAndLeaseItNothingAfterThreeStrikes() {
        // given a cheater that posts a well-formed vector of another text on three jobs, beside honest phones
        var cheater = JobBrokerIT.eligible(bootstrapServers, "coolout", 34.0);
        for (int i = 0; i < 3; i++) {
            String jobId = accepted(submit("coolout", embeddingsJob(TEXT, 2)));
            var honest = JobBrokerIT.eligible(bootstrapServers, "coolout", 34.0);
            Response honestLease = honest.take(jobId);
            Response cheaterLease = cheater.take(jobId);
            honest.output(honestLease.path("leaseId"), right()).then().statusCode(200);
            cheater.output(cheaterLease.path("leaseId"), wrong()).then().statusCode(200)
                    .body("jobState", equalTo("QUEUED"));

            // when another device computes the right vector
            var third = JobBrokerIT.eligible(bootstrapServers, "coolout", 34.0);
            third.output(third.take(jobId).path("leaseId"), right()).then().statusCode(200)
                    .body("jobState", equalTo("COMPLETED"));

            // then the job is the honest phones', and the cheater is its dissenter
            JobCompletedEvent completed = completion(jobId);
            assertThat(completed.dissentingDevices()).containsExactly(cheater.id());
            assertThat(completed.executions()).extracting(JobCompletedEvent.Execution::deviceId)
                    .containsExactly(honest.id(), third.id());
        }

        // then, struck out, the cheater is leased nothing while an honest phone is leased the next job
        String next = accepted(submit("coolout", embeddingsJob(TEXT, 1)));
        cheater.next(1).then().statusCode(204);
        JobBrokerIT.eligible(bootstrapServers, "coolout", 34.0).take(next);
        await().atMost(WAIT).untilAsserted(() -> assertThat(metrics())
                .contains("nhp_jobs_strikes_total{partner=\"coolout\",reason=\"dissent\"} 3.0")
                .contains("nhp_jobs_cool_offs_total{partner=\"coolout\"} 1.0")
                .contains("nhp_jobs_devices_cooling_off{partner=\"coolout\"} 1.0"));
    }

    @Test
    void shouldCatchTwoColludersPostingTheSameWrongVectorWithASpotCheckAndServeTheServicesVector() {
        // given an embeddings job that two colluding phones take (the spot check picks every job of this partner)
        TakenByTwo taken = takenByTwo(bootstrapServers, "spotcheck", TEXT);
        String jobId = taken.jobId();

        // when both post the same wrong vector: they agree with each other
        taken.firstPosts(wrong()).then().statusCode(200);
        taken.secondPosts(wrong()).then().statusCode(200).body("jobState", equalTo("LEASED"));

        // then the service's re-execution disagrees: the job completes with its vector, served by the cloud,
        // nobody paid, both colluders struck
        JobCompletedEvent completed = completion(jobId);
        assertThat(completed.servedBy()).isEqualTo(JobCompletedEvent.CLOUD);
        assertThat(completed.spotChecked()).isFalse();
        assertThat(completed.executions()).isEmpty();
        assertThat(completed.dissentingDevices()).containsExactlyInAnyOrder(taken.first().id(), taken.second().id());
        String output = given().auth().oauth2(token("spotcheck")).get("/api/v1/jobs/{id}", jobId).then()
                .statusCode(200).body("state", equalTo("COMPLETED")).extract().path("output");
        assertThat(Agreement.agree(Vectors.fromBytes(Base64.getDecoder().decode(output)), Vectors.fromBytes(right())))
                .isTrue();
        await().atMost(WAIT).untilAsserted(() -> assertThat(metrics())
                .contains("nhp_jobs_strikes_total{partner=\"spotcheck\",reason=\"spot_check\"} 2.0")
                .contains("nhp_jobs_spot_checks_total{outcome=\"disagreed\",partner=\"spotcheck\"} 1.0"));
    }

    @Test
    void shouldTellAnOpenAiCallerTheCloudServedAnInputWhoseColludingPhonesASpotCheckCaught() {
        // given the spot-checked partner asks /v1 for one embedding, with room in its budget for phones
        CompletableFuture<Response> answer = CompletableFuture.supplyAsync(() -> given()
                .auth().oauth2(token("spotcheck")).header("x-nhp-latency-budget-ms", 20_000)
                .contentType(ContentType.JSON).body("{\"model\":\"all-MiniLM-L6-v2\",\"input\":\"" + TEXT + "\"}")
                .post("/v1/embeddings"));

        // when two colluding phones take its job and post the same wrong vector
        var first = JobBrokerIT.eligible(bootstrapServers, "spotcheck", 34.0);
        var second = JobBrokerIT.eligible(bootstrapServers, "spotcheck", 34.0);
        Response lease1 = await().atMost(WAIT).until(() -> first.next(1), r -> r.statusCode() == 200);
        Response lease2 = second.take(lease1.path("jobId"));
        first.output(lease1.path("leaseId"), wrong()).then().statusCode(200);
        second.output(lease2.path("leaseId"), wrong()).then().statusCode(200);

        // then the caller gets the service's vector, and is told the cloud served it
        Response response = answer.join();
        response.then().statusCode(200).header("x-nhp-served-by", "cloud").body("data[0].served_by", equalTo("cloud"));
        List<Float> vector = response.path("data[0].embedding");
        float[] served = new float[vector.size()];
        for (int i = 0; i < served.length; i++) {
            served[i] = vector.get(i);
        }
        assertThat(Agreement.agree(served, Vectors.fromBytes(right()))).isTrue();
        assertThat(completion(lease1.path("jobId")).servedBy()).isEqualTo(JobCompletedEvent.CLOUD);
    }

    @Test
    void shouldCompleteAJobOfHonestPhonesAsSpotCheckedWhenTheServiceAgrees() {
        // given an embeddings job of the spot-checked partner, taken by two honest phones
        TakenByTwo taken = takenByTwo(bootstrapServers, "spotcheck", TEXT);

        // when both post the model's vector
        taken.firstPosts(right()).then().statusCode(200);
        taken.secondPosts(right()).then().statusCode(200);

        // then it completes as theirs, spot-checked, both paid
        JobCompletedEvent completed = completion(taken.jobId());
        assertThat(completed.spotChecked()).isTrue();
        assertThat(completed.servedBy()).isEqualTo(JobCompletedEvent.PHONES);
        assertThat(completed.executions()).extracting(JobCompletedEvent.Execution::deviceId)
                .containsExactly(taken.first().id(), taken.second().id());
        assertThat(completed.dissentingDevices()).isEmpty();
    }

    @Test
    void shouldQueueACanaryBesideAPartnersJobAndStrikeADeviceThatAnswersItWrong() {
        // given the partner's jobs each bring a canary (share 1 for this partner), once the canaries are computed
        var cheater = JobBrokerIT.eligible(bootstrapServers, "canary", 34.0);
        Response canaryLease = await().atMost(WAIT).until(() -> {
            String jobId = accepted(submit("canary", embeddingsJob(TEXT, 1)));
            var honest = JobBrokerIT.eligible(bootstrapServers, "canary", 34.0);
            honest.output(honest.take(jobId).path("leaseId"), right()).then().statusCode(200);
            return cheater.next(1);
        }, r -> r.statusCode() == 200);
        String canaryId = canaryLease.path("jobId");
        assertThat(FallbackServiceModel.CANARY_TEXTS).contains(canaryLease.<String>path("input"));
        assertThat(canaryLease.<String>path("model")).isEqualTo(MiniLm.MODEL_ID);

        // when the device answers the canary with a vector of another text
        cheater.output(canaryLease.path("leaseId"), wrong()).then().statusCode(200);

        // then the canary completes as the platform's: not paid, the device its dissenter, struck
        JobCompletedEvent completed = completion(canaryId);
        assertThat(completed.canary()).isTrue();
        assertThat(completed.executions()).isEmpty();
        assertThat(completed.dissentingDevices()).containsExactly(cheater.id());
        await().atMost(WAIT).untilAsserted(() -> assertThat(metrics())
                .contains("nhp_jobs_strikes_total{partner=\"canary\",reason=\"canary\"} 1.0"));
    }

    private JobCompletedEvent completion(String jobId) {
        return TopicReader.awaitRecord(bootstrapServers, Topics.JOBS_COMPLETED, r -> r.key().equals(jobId), WAIT)
                .value();
    }

    private static String metrics() {
        return given().get("/q/metrics").then().statusCode(200).extract().asString();
    }

    private static byte[] right() {
        return Vectors.toBytes(model().embed(TEXT));
    }

    /** A well-formed vector of another text: what a cheater that skips the work (or a wrong model) posts. */
    private static byte[] wrong() {
        return Vectors.toBytes(model().embed(ONE_WORD_CHANGED));
    }

    private static MiniLm model() {
        return TestDevices.model();
    }
}
