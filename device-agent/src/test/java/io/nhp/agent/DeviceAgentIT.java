package io.nhp.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nhp.agent.compute.EmbeddingCompute;
import io.nhp.agent.protocol.Conditions;
import io.nhp.agent.protocol.PlatformClient;
import io.nhp.embeddings.MiniLm;
import io.nhp.embeddings.Vectors;
import io.nhp.kafka.testkit.PackagedServices;
import io.nhp.kafka.testkit.SharedKafka;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * One agent against the real services: pricing-service, device-registry and job-broker as packaged (dev profile, as
 * {@code ./nhp} runs them) on a real broker, through their public HTTP APIs only.
 */
class DeviceAgentIT {

    private static PackagedServices services;
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PARTNER_TOKEN = "dev-xiaomi-token";
    private static MiniLm model;
    private static Agent agent;

    @BeforeAll
    static void startServicesAndAnAgent() {
        services = PackagedServices.start(SharedKafka.bootstrapServers(), "pricing-service", "device-registry",
                "job-broker");
        model = MiniLm.load();
        PartnerKey xiaomi = PartnerKey.dev();
        agent = new Agent(new Agent.Settings("agent-it",
                () -> xiaomi.enrollment("xiaomi", "agent-it-owner", "Xiaomi 14", "India"),
                "device-agent/it", "Asia/Kolkata", () -> Conditions.ELIGIBLE, 5, 1),
                new PlatformClient(services.url("device-registry"), services.url("job-broker")),
                new EmbeddingCompute(model),
                Clock.systemUTC()).start();
    }

    @AfterAll
    static void stopAll() throws InterruptedException {
        if (agent != null) {
            agent.stop();
            agent.awaitStopped(Duration.ofSeconds(20));
        }
        if (services != null) {
            services.close();
        }
    }

    @Test
    void theAgentRegistersBeatsAndBecomesEligible() {
        // when / then: device-registry counts it eligible from its own heartbeats
        awaitEligible();
        assertThat(agent.deviceId()).isPresent();
        assertThat(agent.stats().heartbeats()).isPositive();
        assertThat(agent.failure()).isEmpty();
    }

    private static void awaitEligible() {
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).ignoreExceptions().until(() ->
                JSON.readTree(get(services.url("device-registry").resolve("/api/v1/fleet?partner=xiaomi")).body())
                        .path("eligible").asInt() >= 1);
    }

    @Test
    void aJobOfATaskTypeTheAgentDoesNotRunIsNeverLeasedToIt() throws Exception {
        // given: the device is eligible, and Xiaomi submits a job of an older task type (input by reference only)
        awaitEligible();
        String jobId = submit("{\"taskType\":\"inference_text\",\"inputRef\":\"s3://x/1\",\"inputHash\":\"h1\"}")
                .path("jobId").asText();
        // when / then: the agent polls for embeddings only (?taskType=embeddings), so job-broker never hands it over
        await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofSeconds(1))
                .until(() -> job(jobId).path("attempts").asInt() == 0 && "QUEUED".equals(job(jobId).path("state").asText()));
        // and it was polling all along: an embeddings job submitted after it is computed
        String text = "Only the work it runs.";
        String embeddings = submit("{\"taskType\":\"embeddings\",\"redundancy\":1,\"input\":\"" + text + "\"}")
                .path("jobId").asText();
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1))
                .until(() -> "COMPLETED".equals(job(embeddings).path("state").asText()));
        assertThat(job(jobId).path("attempts").asInt()).isZero();
        assertThat(agent.stats().failed()).isZero();
    }

    @Test
    void anEmbeddingsJobIsComputedAndItsVectorAgreedOn() throws Exception {
        // given: Xiaomi submits a text to embed, inline, for one phone
        awaitEligible();
        String text = "Phones compute while their owners sleep.";
        String jobId = submit("{\"taskType\":\"embeddings\",\"redundancy\":1,\"input\":\"" + text + "\"}")
                .path("jobId").asText();
        // when / then: completed with the hash of the in-process model's vector
        String expected = Vectors.sha256Hex(Vectors.toBytes(model.embed(text)));
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1))
                .until(() -> "COMPLETED".equals(job(jobId).path("state").asText()));
        assertThat(job(jobId).path("resultHash").asText()).isEqualTo(expected);
        assertThat(job(jobId).path("output").asText()).isEqualTo(Vectors.toBase64(model.embed(text)));
        assertThat(agent.stats().refused()).isZero();
    }

    private static JsonNode submit(String body) throws Exception {
        HttpResponse<String> response = post(services.url("job-broker").resolve("/api/v1/jobs"), body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        return JSON.readTree(response.body());
    }

    private static JsonNode job(String jobId) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
                        services.url("job-broker").resolve("/api/v1/jobs/" + jobId))
                .header("Authorization", "Bearer " + PARTNER_TOKEN).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(response.body());
    }

    private static HttpResponse<String> post(URI uri, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(uri)
                .header("Authorization", "Bearer " + PARTNER_TOKEN).header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(URI uri) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
