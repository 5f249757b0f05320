package io.nhp.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nhp.agent.compute.Compute;
import io.nhp.agent.compute.EmbeddingCompute;
import io.nhp.agent.compute.Output;
import io.nhp.agent.protocol.Conditions;
import io.nhp.agent.protocol.PlatformClient;
import io.nhp.embeddings.MiniLm;
import io.nhp.embeddings.Vectors;
import io.nhp.kafka.testkit.PackagedServices;
import io.nhp.kafka.testkit.SharedKafka;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A cheating agent among honest ones, against the packaged services (dev profile, as {@code ./nhp} runs them) on a
 * real broker: its vectors disagree, so each job it takes is completed by another device with the right vector,
 * it is struck on each, and after three strikes job-broker leases it nothing.
 */
class CheatingAgentIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PARTNER_TOKEN = "dev-xiaomi-token";
    private static final List<Agent> AGENTS = new ArrayList<>();
    private static PackagedServices services;
    private static MiniLm model;
    private static Agent cheater;

    @BeforeAll
    static void startServicesAndAgents() {
        services = PackagedServices.start(SharedKafka.bootstrapServers(), "pricing-service", "device-registry",
                "job-broker");
        model = MiniLm.load();
        PartnerKey xiaomi = PartnerKey.dev();
        EmbeddingCompute honest = new EmbeddingCompute(model);
        // the cheater skips the work: a well-formed vector, the same for every text
        byte[] made = Vectors.toBytes(model.embed("Anything at all, computed once."));
        Compute cheating = work -> new Output(true, Vectors.toBase64(Vectors.fromBytes(made)), Vectors.sha256Hex(made),
                0.001, null);
        for (String owner : List.of("honest-1", "honest-2", "cheater")) {
            Agent agent = new Agent(new Agent.Settings("cheating-it-" + owner,
                    () -> xiaomi.enrollment("xiaomi", "cheating-it-" + owner, "Xiaomi 14", "India"), "device-agent/it",
                    "Asia/Kolkata", () -> Conditions.ELIGIBLE, 2, 1),
                    new PlatformClient(services.url("device-registry"), services.url("job-broker")),
                    owner.equals("cheater") ? cheating : honest, Clock.systemUTC()).start();
            AGENTS.add(agent);
            if (owner.equals("cheater")) {
                cheater = agent;
            }
        }
    }

    @AfterAll
    static void stopAll() throws InterruptedException {
        for (Agent agent : AGENTS) {
            agent.stop();
            agent.awaitStopped(Duration.ofSeconds(20));
        }
        if (services != null) {
            services.close();
        }
    }

    @Test
    void aCheatersJobsAreCompletedByHonestDevicesAndAfterThreeStrikesItIsLeasedNothing() throws Exception {
        // given three eligible agents of three owners, one of them cheating
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).ignoreExceptions().until(() ->
                JSON.readTree(get(services.port("device-registry"), "/api/v1/fleet?partner=xiaomi").body())
                        .path("eligible").asInt() >= 3);

        // when Xiaomi submits embeddings jobs for two phones each, one after the other, until the cheater struck out
        int submitted = 0;
        while (coolingOff() < 1) {
            assertThat(submitted).as("jobs submitted before the cheater struck out").isLessThan(30);
            completedRight("Sentence number " + submitted++ + " for the phones to embed.");
        }

        // then every job was completed with the model's vector; the cheater is leased nothing more
        assertThat(metric("nhp_jobs_strikes_total{partner=\"xiaomi\",reason=\"dissent\"}")).isGreaterThanOrEqualTo(3);
        long leasesWhenStruckOut = cheater.stats().leases();
        for (int i = 0; i < 4; i++) {
            completedRight("After the cool-off began, sentence " + i + ".");
        }
        assertThat(cheater.stats().leases()).isEqualTo(leasesWhenStruckOut);
        assertThat(AGENTS).allSatisfy(agent -> assertThat(agent.failure()).isEmpty());
    }

    /** Submits the text for two phones and waits for its completion with the in-process model's vector. */
    private static void completedRight(String text) throws Exception {
        HttpResponse<String> response = post(services.port("job-broker"), "/api/v1/jobs",
                "{\"taskType\":\"embeddings\",\"redundancy\":2,\"input\":\"" + text + "\"}");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        String jobId = JSON.readTree(response.body()).path("jobId").asText();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> "COMPLETED".equals(job(jobId).path("state").asText()));
        assertThat(job(jobId).path("resultHash").asText())
                .isEqualTo(Vectors.sha256Hex(Vectors.toBytes(model.embed(text))));
    }

    private static double coolingOff() throws Exception {
        // the gauge is refreshed every 5 s
        return metric("nhp_jobs_devices_cooling_off{partner=\"xiaomi\"}");
    }

    private static double metric(String series) throws Exception {
        return get(services.port("job-broker"), "/q/metrics").body().lines().filter(line -> line.startsWith(series + " "))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).findFirst()
                .orElse(0);
    }

    private static JsonNode job(String jobId) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + services.port("job-broker") + "/api/v1/jobs/" + jobId))
                .header("Authorization", "Bearer " + PARTNER_TOKEN).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(response.body());
    }

    private static HttpResponse<String> post(int port, String path, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Authorization", "Bearer " + PARTNER_TOKEN).header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(int port, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
