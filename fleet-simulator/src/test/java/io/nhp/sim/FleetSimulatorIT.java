package io.nhp.sim;

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
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A small fleet against the real services: pricing-service, device-registry and job-broker as packaged (dev profile,
 * as {@code ./nhp} runs them) on a real broker. The simulator uses only their public HTTP APIs.
 */
class FleetSimulatorIT {

    private static final List<Process> SERVICES = new ArrayList<>();
    private static final Map<String, Integer> PORTS = new LinkedHashMap<>();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void startServices() throws Exception {
        String bootstrap = SharedKafka.bootstrapServers();
        Path state = Files.createTempDirectory("fleet-simulator-it-");
        for (String service : List.of("pricing-service", "device-registry", "job-broker")) {
            int port = freePort();
            PORTS.put(service, port);
            String java = ProcessHandle.current().info().command().orElse("java");
            SERVICES.add(new ProcessBuilder(java, "-Xmx256m", "-XX:+UseSerialGC", "-Dquarkus.profile=dev",
                    "-Dquarkus.http.port=" + port, "-Dkafka.bootstrap.servers=" + bootstrap,
                    "-Dkafka-streams.state.dir=" + state.resolve(service), "-jar", "target/quarkus-app/quarkus-run.jar")
                    .directory(Path.of("..", service).toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(Path.of("target", service + ".log").toFile())
                    .start());
        }
        for (Map.Entry<String, Integer> service : PORTS.entrySet()) {
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                    .until(() -> get(service.getValue(), "/q/health/ready").statusCode() == 200);
        }
    }

    @AfterAll
    static void stopServices() {
        SERVICES.forEach(Process::destroy);
    }

    @Test
    void shouldRegisterTheFleetReportItsNightsAndComputeThePartnersJobs() throws Exception {
        // given a fleet of 30 Xiaomi phones, a night at ten simulated minutes per second from 23:30, and demand
        Options options = new Options("xiaomi", 30, 600, 11, Duration.ofSeconds(45), 0.0, 0.0, 0.000002,
                Map.of("inference_text", 1.0), 0.0, Map.of(), new Platform.Urls(url("pricing-service"),
                url("device-registry"), url("job-broker")), "dev-xiaomi-token", "dev-gateway-token", 8,
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
        String fleet = get(PORTS.get("device-registry"), "/api/v1/fleet?partner=xiaomi").body();
        assertThat(fleet).contains("\"registered\":30");
    }

    private static URI url(String service) {
        return URI.create("http://localhost:" + PORTS.get(service));
    }

    private static HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
