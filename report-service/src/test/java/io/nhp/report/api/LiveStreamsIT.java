package io.nhp.report.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.nhp.contracts.Topics;
import io.nhp.contracts.events.CapacityEvent;
import io.nhp.contracts.events.SavingsEvent;
import io.nhp.contracts.events.SavingsEvent.Savings;
import io.nhp.kafka.testkit.KafkaTestResource;
import io.nhp.kafka.testkit.TopicWriter;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** The Server-Sent Event streams: the dashboard's, and a partner's savings (with its credential). */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
class LiveStreamsIT {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @TestHTTPResource("/")
    URL base;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Test
    void shouldStreamTheDashboardAndItsChanges() throws Exception {
        String partner = "oem-" + UUID.randomUUID().toString().substring(0, 8);
        CompletableFuture<String> seen = firstEvent("api/v1/live/stream", null,
                data -> data.contains("\"partner\":\"" + partner + "\"") && data.contains("\"onlineDevices\":9"));

        TopicWriter.send(bootstrapServers, Topics.ECONOMICS_CAPACITY, partner, new CapacityEvent("c-" + partner,
                Instant.now(), partner, null, 12L, 9L, 5L, 170.0, 0.085, 0.4167, "optimistic", Instant.now()));

        assertThat(seen.get(30, TimeUnit.SECONDS)).contains("\"eligibleDevices\":5").contains("<svg");
    }

    @Test
    void shouldStreamAPartnersOwnSavingsOnlyWithItsCredential() throws Exception {
        given().get("/api/v1/partners/xiaomi/savings/stream").then().statusCode(401);
        given().header("Authorization", "Bearer wrong").get("/api/v1/partners/xiaomi/savings/stream").then().statusCode(401);
        given().header("Authorization", "Bearer test-samsung-token").get("/api/v1/partners/xiaomi/savings/stream")
                .then().statusCode(403).contentType("application/problem+json");

        String marker = UUID.randomUUID().toString();
        CompletableFuture<String> seen = firstEvent("api/v1/partners/xiaomi/savings/stream", "test-xiaomi-token",
                data -> data.contains(marker));
        Thread.sleep(500); // subscribed before the event is published: the stream is live, not a replay
        Instant now = Instant.now();
        for (String partner : new String[] {"samsung", "xiaomi"}) {
            TopicWriter.send(bootstrapServers, Topics.ECONOMICS_SAVINGS, partner, new SavingsEvent(SavingsEvent.SPEC_VERSION,
                    marker + "-" + partner, "/nhp/economics-service", SavingsEvent.WINDOW_TYPE, partner, now,
                    "application/json", new Savings(partner, now, now.plusSeconds(60), 3L, new BigDecimal("0.5"),
                    Map.of("aws_h100", new BigDecimal("6.145")), new BigDecimal("0.1"), Map.of("aws_h100",
                    new BigDecimal("6.045")), null, null, null, null)));
        }

        String event = seen.get(30, TimeUnit.SECONDS);
        assertThat(event).contains("\"id\":\"" + marker + "-xiaomi\"").contains("\"type\":\"io.nhp.savings.window\"")
                .contains("\"subject\":\"xiaomi\"").doesNotContain("samsung");
    }

    @Test
    void shouldCapTheStreamsOneClientHoldsAndFreeASlotWhenAStreamCloses() throws Exception {
        // given xiaomi holds as many savings streams as a client may (3 in the test profile)
        List<HttpResponse<InputStream>> open = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            open.add(openStream("api/v1/partners/xiaomi/savings/stream", "test-xiaomi-token"));
            assertThat(open.get(i).statusCode()).isEqualTo(200);
        }

        // when it opens one more, then it is refused with a 429 problem saying when to retry
        HttpResponse<InputStream> refused = openStream("api/v1/partners/xiaomi/savings/stream", "test-xiaomi-token");
        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(refused.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        assertThat(refused.headers().firstValue("Retry-After")).isPresent();
        assertThat(new String(refused.body().readAllBytes(), StandardCharsets.UTF_8)).contains("at most 3 live streams");

        // and another client is not affected
        HttpResponse<InputStream> samsung = openStream("api/v1/partners/samsung/savings/stream", "test-samsung-token");
        assertThat(samsung.statusCode()).isEqualTo(200);
        samsung.body().close();

        // when xiaomi closes one of its streams, then its slot comes back
        open.remove(0).body().close();
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> {
            HttpResponse<InputStream> again = openStream("api/v1/partners/xiaomi/savings/stream", "test-xiaomi-token");
            if (again.statusCode() == 200) {
                open.add(again);
                return true;
            }
            again.body().close();
            return false;
        });
        for (HttpResponse<InputStream> stream : open) {
            stream.body().close();
        }
    }

    @Test
    void shouldCapTheAnonymousDashboardStreamsOfOneAddress() throws Exception {
        List<HttpResponse<InputStream>> open = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            open.add(openStream("api/v1/live/stream", null));
        }
        assertThat(open).extracting(HttpResponse::statusCode).containsOnly(200);

        HttpResponse<InputStream> refused = openStream("api/v1/live/stream", null);

        assertThat(refused.statusCode()).isEqualTo(429);
        refused.body().close();
        for (HttpResponse<InputStream> stream : open) {
            stream.body().close();
        }
    }

    /** A stream as its headers arrive; the body is read (or closed) by the caller. */
    private HttpResponse<InputStream> openStream(String path, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).header("Accept", "text/event-stream");
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
    }

    /** The data of the first SSE event that matches, read on another thread. */
    private CompletableFuture<String> firstEvent(String path, String token, Predicate<String> match) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).header("Accept", "text/event-stream");
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return CompletableFuture.supplyAsync(() -> {
            try {
                HttpResponse<java.io.InputStream> response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
                assertThat(response.statusCode()).isEqualTo(200);
                try (var lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                    String line;
                    long deadline = System.nanoTime() + Duration.ofSeconds(40).toNanos();
                    while ((line = lines.readLine()) != null && System.nanoTime() < deadline) {
                        if (line.startsWith("data:") && match.test(line)) {
                            return line.substring(5);
                        }
                    }
                }
                throw new AssertionError("no matching event on " + path);
            } catch (java.io.IOException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
    }
}
