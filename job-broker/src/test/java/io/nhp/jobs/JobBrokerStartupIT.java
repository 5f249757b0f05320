package io.nhp.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.nhp.kafka.testkit.SharedKafka;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * job-broker as packaged, started as an operator starts it (dev profile, its own process): it starts without the
 * warnings the walkthrough showed — a Vert.x event loop blocked while the fallback model loaded, DJL's CUDA probe —
 * is not ready until the fallback model has loaded, and then answers /v1/embeddings.
 */
class JobBrokerStartupIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private final Path log = Path.of("target", "job-broker-startup.log");
    private Process jobBroker;

    @AfterEach
    void stop() throws InterruptedException {
        if (jobBroker != null) {
            jobBroker.destroy();
            jobBroker.waitFor();
        }
    }

    @Test
    void shouldStartWithoutBlockingTheEventLoopAndServeEmbeddingsOnceReady() throws Exception {
        // given the packaged job-broker started against a real Kafka
        int port = freePort();
        String java = ProcessHandle.current().info().command().orElse("java");
        jobBroker = new ProcessBuilder(java, "-Xmx512m", "-XX:+UseSerialGC", "-Dquarkus.profile=dev",
                "-Dquarkus.http.port=" + port, "-Dkafka.bootstrap.servers=" + SharedKafka.bootstrapServers(),
                "-Dnhp.jobs.transactional-id=job-broker-startup-it", "-jar", "target/quarkus-app/quarkus-run.jar")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();

        // when it has become ready (the fallback model loaded in the background)
        await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                .until(() -> get(port, "/q/health/ready").statusCode() == 200);

        // then the first /v1 call is answered at once, by the cloud (no phone), within its budget
        HttpResponse<String> embeddings = HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                        + "/v1/embeddings")).header("Authorization", "Bearer dev-xiaomi-token")
                .header("Content-Type", "application/json").header("x-nhp-latency-budget-ms", "3000")
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"all-MiniLM-L6-v2\",\"input\":\"hello\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(embeddings.statusCode()).as(embeddings.body()).isEqualTo(200);
        assertThat(embeddings.headers().firstValue("x-nhp-served-by")).contains("cloud");
        // and the log has the model loaded after the start, and neither warning
        String written = Files.readString(log);
        assertThat(written).contains("embeddings fallback model all-MiniLM-L6-v2 loaded")
                .doesNotContain("has been blocked for")
                .doesNotContain("Failed to detect GPU count");
        assertThat(written.indexOf("Listening on")).as("the model loads once the HTTP server is up")
                .isLessThan(written.indexOf("embeddings fallback model all-MiniLM-L6-v2 loaded"));
    }

    private static HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
