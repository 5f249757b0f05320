package io.nhp.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.nhp.agent.PartnerKey;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A small fleet against the real services: pricing-service, device-registry and job-broker as packaged (dev profile,
 * as {@code ./nhp} runs them) on a real broker. The simulator uses only their public HTTP APIs.
 */
class FleetSimulatorIT {

    private static PackagedServices services;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void startServices() {
        services = PackagedServices.start(SharedKafka.bootstrapServers(), "pricing-service", "device-registry",
                "job-broker");
    }

    @AfterAll
    static void stopServices() {
        if (services != null) {
            services.close();
        }
    }

    @Test
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
        String fleet = get(services.url("device-registry").resolve("/api/v1/fleet?partner=xiaomi")).body();
        assertThat(fleet).contains("\"registered\":30");
    }

    private static HttpResponse<String> get(URI uri) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
