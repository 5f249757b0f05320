package io.nhp.jobs.openai;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import io.nhp.contracts.TopicSnapshot;
import io.nhp.contracts.Topics;
import io.nhp.contracts.events.JobCompletedEvent;
import io.nhp.embeddings.MiniLm;
import io.nhp.embeddings.Vectors;
import io.nhp.jobs.api.TestDevices;
import io.nhp.kafka.testkit.KafkaTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /v1/embeddings} against a real broker: answered by agreeing phones when they answer in time, by the
 * in-process fallback within the budget when none can, and refused in OpenAI's error shape.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
class OpenAiEmbeddingsIT {

    static final String TEXT = "Phones compute embeddings while their owners sleep.";
    private static final ExecutorService PHONES = Executors.newFixedThreadPool(2);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @BeforeEach
    void seed() {
        TestDevices.seedTaskTypesOnce(bootstrapServers);
        TestDevices.awaitReady(); // the fallback model is loaded: what a client does after a start
    }

    @AfterAll
    static void stopPhones() {
        PHONES.shutdownNow();
    }

    @Test
    void shouldAnswerWithTheInProcessVectorWithinTheBudgetWhenNoPhoneIsEligible() {
        // given a partner without an eligible phone, and the fallback model warm (one request before)
        embeddings("openai", "{\"model\":\"all-MiniLM-L6-v2\",\"input\":\"warm up\"}", 3000).then().statusCode(200);

        // when it asks for two embeddings with a 1.5 s budget
        long started = System.nanoTime();
        Response response = embeddings("openai-cloud", "{\"model\":\"all-MiniLM-L6-v2\",\"input\":[\"" + TEXT
                + "\",\"a second text\"]}", 1500);
        long tookMillis = (System.nanoTime() - started) / 1_000_000;

        // then the cloud fallback answers within the budget with the model's own vectors, in OpenAI's shape
        response.then().statusCode(200).header("x-nhp-served-by", "cloud")
                .body("object", equalTo("list")).body("model", equalTo("all-MiniLM-L6-v2"))
                .body("data[1].index", equalTo(1)).body("data[0].object", equalTo("embedding"))
                .body("data[0].served_by", equalTo("cloud"))
                .body("usage.prompt_tokens", equalTo(model().tokens(TEXT) + model().tokens("a second text")));
        assertThat(tookMillis).isLessThan(1500);
        List<Float> first = response.path("data[0].embedding");
        float[] expected = model().embed(TEXT);
        assertThat(first).hasSize(384);
        for (int i = 0; i < expected.length; i++) {
            assertThat(first.get(i)).isEqualTo(expected[i]);
        }

        // and each input's job completed exactly once, as served by the cloud, nobody paid
        List<String> expectedHashes = List.of(Vectors.sha256Hex(Vectors.toBytes(expected)),
                Vectors.sha256Hex(Vectors.toBytes(model().embed("a second text"))));
        List<JobCompletedEvent> completions = await().atMost(Duration.ofSeconds(30)).until(() -> TopicSnapshot
                .read(bootstrapServers, Topics.JOBS_COMPLETED, Duration.ofSeconds(30)).stream()
                .filter(r -> r.value() != null && r.value().partner().equals("openai-cloud"))
                .map(ConsumerRecord::value).toList(), found -> found.size() >= 2);
        assertThat(completions).extracting(JobCompletedEvent::servedBy).containsExactly("cloud", "cloud");
        assertThat(completions).extracting(JobCompletedEvent::resultHash)
                .containsExactlyInAnyOrderElementsOf(expectedHashes);
        assertThat(completions).allSatisfy(c -> {
            assertThat(c.executions()).isEmpty();
            assertThat(c.validated()).isFalse();
            assertThat(c.taskType()).isEqualTo("embeddings");
        });
        given().auth().oauth2("test-openai-cloud-token").get("/api/v1/jobs/{id}", completions.get(0).jobId()).then()
                .statusCode(200).body("state", equalTo("COMPLETED")).body("servedBy", equalTo("cloud"));
        // counted, and nothing is left watched once the request is answered
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> given().get("/q/metrics").then()
                .body(containsString("nhp_jobs_served_total{partner=\"openai-cloud\",served_by=\"cloud\","
                        + "task_type=\"embeddings\"} 2.0"))
                .body(containsString("nhp_jobs_watched 0.0")));
    }

    @Test
    void shouldAnswerBase64WhenAskedTheLittleEndianFloat32Bytes() {
        // given / when
        Response response = embeddings("openai", "{\"model\":\"all-MiniLM-L6-v2\",\"input\":\"" + TEXT
                + "\",\"encoding_format\":\"base64\"}", 1000);

        // then
        response.then().statusCode(200).body("data[0].embedding", equalTo(Vectors.toBase64(model().embed(TEXT))));
    }

    @Test
    void shouldAnswerFromTwoAgreeingPhonesWhenTheyComputeInTime() throws Exception {
        // given two eligible phones of distinct owners that run the model on what they are leased
        List<Future<?>> phones = List.of(PHONES.submit(() -> TestDevices.computeOne(bootstrapServers,
                "openai-phones", model())), PHONES.submit(() -> TestDevices.computeOne(bootstrapServers,
                "openai-phones", model())));
        TestDevices.awaitOpenPolls(2); // their first long polls are waiting

        // when the partner asks with a 10 s budget
        Response response = embeddings("openai-phones", "{\"model\":\"all-MiniLM-L6-v2\",\"input\":\"" + TEXT
                + "\",\"encoding_format\":\"base64\"}", 10_000);

        // then the phones' agreed vector answers, bit for bit the model's
        response.then().statusCode(200).header("x-nhp-served-by", "phones").body("data[0].served_by", equalTo("phones"))
                .body("data[0].embedding", equalTo(Vectors.toBase64(model().embed(TEXT))));
        for (Future<?> phone : phones) {
            phone.get();
        }
    }

    @Test
    void shouldRefuseInOpenAisErrorShape() {
        // no credential: 401
        given().contentType(ContentType.JSON).body("{\"model\":\"all-MiniLM-L6-v2\",\"input\":\"x\"}")
                .post("/v1/embeddings").then().statusCode(401).contentType(ContentType.JSON)
                .body("error.type", equalTo("invalid_request_error")).body("error.code", equalTo("invalid_api_key"))
                .body("error.message", org.hamcrest.Matchers.notNullValue());
        // a bad encoding, no input, a field the API does not have, an unknown model
        embeddings("openai", "{\"model\":\"all-MiniLM-L6-v2\",\"input\":\"x\",\"encoding_format\":\"int8\"}", 1000)
                .then().statusCode(400).contentType(ContentType.JSON)
                .body("error.type", equalTo("invalid_request_error")).body("error.param", equalTo("encoding_format"));
        embeddings("openai", "{\"model\":\"all-MiniLM-L6-v2\"}", 1000).then().statusCode(400)
                .body("error.param", equalTo("input")).body("error.code", nullValue());
        embeddings("openai", "{\"model\":\"all-MiniLM-L6-v2\",\"input\":\"x\",\"inptu\":1}", 1000).then()
                .statusCode(400).body("error.type", equalTo("invalid_request_error")).body("error.param", equalTo("inptu"));
        embeddings("openai", "{\"model\":\"text-embedding-3-small\",\"input\":\"x\"}", 1000).then().statusCode(404)
                .body("error.code", equalTo("model_not_found")).body("error.param", equalTo("model"));
        given().auth().oauth2("test-openai-token").header("x-nhp-latency-budget-ms", "soon")
                .contentType(ContentType.JSON).body("{\"model\":\"all-MiniLM-L6-v2\",\"input\":\"x\"}")
                .post("/v1/embeddings").then().statusCode(400).body("error.param", equalTo("x-nhp-latency-budget-ms"));
        // and the models it serves
        given().auth().oauth2("test-openai-token").get("/v1/models").then().statusCode(200)
                .body("data[0].id", equalTo("all-MiniLM-L6-v2")).body("data[0].object", equalTo("model"));
    }

    private static Response embeddings(String partner, String body, int budgetMillis) {
        return given().auth().oauth2("test-" + partner + "-token").header("x-nhp-latency-budget-ms", budgetMillis)
                .contentType(ContentType.JSON).body(body).post("/v1/embeddings");
    }

    static MiniLm model() {
        return TestDevices.model();
    }
}
