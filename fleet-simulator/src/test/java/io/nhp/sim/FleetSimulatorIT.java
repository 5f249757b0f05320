package io.nhp.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nhp.agent.PartnerKey;
import io.nhp.embeddings.MiniLm;
import io.nhp.embeddings.Vectors;
import io.nhp.kafka.testkit.PackagedServices;
import io.nhp.kafka.testkit.SharedKafka;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalTime;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.function.Executable;

/**
 * A small fleet against the real services: pricing-service, device-registry and job-broker as packaged (dev profile,
 * as {@code ./nhp} runs them) on a real broker. The simulator uses only their public HTTP APIs.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FleetSimulatorIT {

    private static final ExecutorService RUNNER = Executors.newCachedThreadPool();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static PackagedServices services;
    private static MiniLm model;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void startServices() {
        services = PackagedServices.start(SharedKafka.bootstrapServers(), "pricing-service", "device-registry",
                "job-broker");
        model = MiniLm.load();
    }

    @AfterAll
    static void stopServices() {
        RUNNER.shutdownNow();
        if (services != null) {
            services.close();
        }
    }

    @Test
    @Order(1) // first: it counts the partner's whole fleet (ScaleOutIT, on the same broker, uses another partner)
    void shouldRegisterTheFleetReportItsNightsAndComputeThePartnersJobs() throws Exception {
        // given a fleet of 30 Xiaomi phones, a night at ten simulated minutes per second from 23:30, and demand
        Options options = new Options("xiaomi", 30, 600, 11, Duration.ofSeconds(45), 0.0, 0.0, 0.000002,
                Map.of("inference_text", 1.0), 0.0, Map.of(), new Platform.Urls(services.url("pricing-service"),
                services.url("device-registry"), services.url("job-broker")), "dev-xiaomi-token", "dev-gateway-token", 8,
                LocalTime.of(23, 30), "22:00", "07:00", PartnerKey.dev());
        Simulation simulation = new Simulation(options);

        // when it runs
        simulation.run();

        // then every phone registered, reported, and some computed the partner's jobs
        Simulation.Stats stats = simulation.stats();
        assertThat(stats.registered.get()).isEqualTo(30);
        assertThat(stats.heartbeats.get()).isGreaterThanOrEqualTo(30);
        assertThat(stats.submitted.get()).isPositive();
        assertThat(stats.results.get()).isPositive();
        assertThat(stats.errorsByKind).as("errors").isEmpty();
        // and device-registry counts the fleet
        assertThat(registered()).as("xiaomi's phones device-registry counts as registered").isEqualTo(30);
    }

    @Test
    @Order(2)
    void shouldAnswerAnEmbeddingsJobWithTheModelsVectorOnWhichTwoHonestPhonesAgree() throws Throwable {
        // given a fleet of honest phones, fit and polling
        Simulation simulation = new Simulation(embeddingsFleet(0.0));
        whileRunning(simulation, () -> {
            // when Xiaomi submits a text to embed, for two phones of distinct owners
            String text = "Honest phones compute the same vector.";
            String jobId = submitEmbeddings(text);

            // then it completes with the model's vector, bit for bit, from real answers of simulated phones
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> "COMPLETED".equals(job(jobId).path("state").asText()));
            float[] expected = model.embed(text);
            assertThat(job(jobId).path("resultHash").asText()).isEqualTo(Vectors.sha256Hex(Vectors.toBytes(expected)));
            assertThat(job(jobId).path("output").asText()).isEqualTo(Vectors.toBase64(expected));
            assertThat(simulation.stats().embeddingsHonest.get()).isGreaterThanOrEqualTo(2);
            assertThat(simulation.stats().embeddingsDishonest.get()).isZero();
            assertThat(simulation.stats().errorsByKind).as("errors").isEmpty();
        });
    }

    @Test
    @Order(3)
    void shouldHaveTheVectorsOfDishonestPhonesRefusedByAgreement() throws Throwable {
        // given a fleet of dishonest phones only
        Simulation simulation = new Simulation(embeddingsFleet(1.0));
        whileRunning(simulation, () -> {
            // when Xiaomi submits a text to embed, for two phones
            String jobId = submitEmbeddings("Dishonest phones answer noise.");

            // then job-broker takes their well-formed answers (no refusal), finds that no two agree, asks more
            // phones until its attempts are spent (redundancy 2 + 3 failures) and fails the job: nothing wrong delivered
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> "FAILED".equals(job(jobId).path("state").asText()));
            JsonNode job = job(jobId);
            assertThat(job.path("failureReasons").toString()).contains("results never agreed");
            assertThat(job.path("attempts").asInt()).isEqualTo(5);
            assertThat(job.has("output")).isFalse();
            // the phones count their answers when their result posts are answered, which may be a moment after the
            // job's state says FAILED (the broker answers a batch's requests together once it is in Kafka)
            await().atMost(Duration.ofSeconds(10))
                    .untilAsserted(() -> assertThat(simulation.stats().embeddingsDishonest.get())
                            .as("dishonest answers (errors: %s)", simulation.stats().errorsByKind)
                            .isGreaterThanOrEqualTo(5));
            assertThat(simulation.stats().embeddingsHonest.get()).isZero();
            assertThat(simulation.stats().errorsByKind).as("errors (a refused result would be one)").isEmpty();
        });
    }

    @Test
    @Order(4)
    void shouldSendThePartnersEmbeddingsDemandAsOpenAiRequestsThatItsPhonesServe() throws Throwable {
        // given honest phones deep in their night, and a partner whose demand is all embeddings
        Simulation simulation = new Simulation(embeddingsFleet(0.0, 0.00001, Map.of("embeddings", 1.0)));
        whileRunning(simulation, () -> {
            // then its requests go to POST /v1/embeddings, and its phones serve some of them (alone or mixed)
            Map<String, java.util.concurrent.atomic.AtomicLong> servedBy = simulation.stats().servedBy;
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> servedBy.containsKey("phones") || servedBy.containsKey("mixed"));
            assertThat(servedBy.keySet()).isSubsetOf("phones", "cloud", "mixed");
            assertThat(simulation.stats().embeddingsHonest.get()).isGreaterThanOrEqualTo(2);
            assertThat(simulation.stats().errorsByKind).as("errors").isEmpty();
        });
    }

    /** Sixteen phones (eight owners) deep in their night, no demand of their own: only the test's jobs. */
    private static Options embeddingsFleet(double dishonest) {
        return embeddingsFleet(dishonest, 0.0, Map.of("inference_text", 1.0));
    }

    private static Options embeddingsFleet(double dishonest, double demandScale, Map<String, Double> taskMix) {
        return new Options("xiaomi", 16, 60, 5, Duration.ofMinutes(3), 0.0, dishonest, demandScale,
                taskMix, 0.0, Map.of(), new Platform.Urls(services.url("pricing-service"),
                services.url("device-registry"), services.url("job-broker")), "dev-xiaomi-token", "dev-gateway-token", 4,
                LocalTime.of(2, 0), "22:00", "07:00", PartnerKey.dev());
    }

    /** Runs {@code simulation} in the background while {@code check} runs, then stops it. */
    private static void whileRunning(Simulation simulation, Executable check) throws Throwable {
        Future<?> running = RUNNER.submit(() -> {
            simulation.run();
            return null;
        });
        try {
            check.execute();
        } finally {
            simulation.stop();
            running.get(60, TimeUnit.SECONDS); // the phones answer the leases they hold
        }
    }

    private static String submitEmbeddings(String text) throws Exception {
        // a generous deadline: a phone's first vector loads the model (seconds on a loaded machine), and a lease
        // expiring meanwhile would count as an attempt the test does not expect
        String body = JSON.createObjectNode().put("taskType", "embeddings").put("redundancy", 2).put("input", text)
                .put("deadlineSeconds", 30).toString();
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(services.url("job-broker")
                        .resolve("/api/v1/jobs")).header("Authorization", "Bearer dev-xiaomi-token")
                .header("Content-Type", "application/json").timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        return JSON.readTree(response.body()).path("jobId").asText();
    }

    private static JsonNode job(String jobId) throws Exception {
        return JSON.readTree(HTTP.send(HttpRequest.newBuilder(services.url("job-broker")
                        .resolve("/api/v1/jobs/" + jobId)).header("Authorization", "Bearer dev-xiaomi-token")
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString()).body());
    }

    /** The partner's registered phones, as device-registry counts them. */
    private static long registered() throws Exception {
        return JSON.readTree(get(services.url("device-registry").resolve("/api/v1/fleet?partner=xiaomi")).body())
                .path("registered").asLong();
    }

    private static HttpResponse<String> get(URI uri) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
