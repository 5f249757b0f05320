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
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
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
        try (EventStream stream = events("api/v1/partners/xiaomi/savings/stream", "test-xiaomi-token")) {
            // subscribed before the event is published (the stream is live, not a replay): a probe, published
            // again until the stream shows it
            Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).until(() -> {
                TopicWriter.send(bootstrapServers, Topics.ECONOMICS_SAVINGS, "xiaomi", savings("xiaomi", marker + "-probe"));
                return stream.shows(data -> data.contains(marker + "-probe"));
            });

            for (String partner : new String[] {"samsung", "xiaomi"}) {
                TopicWriter.send(bootstrapServers, Topics.ECONOMICS_SAVINGS, partner, savings(partner, marker + "-" + partner));
            }

            String event = stream.next(data -> data.contains(marker) && !data.contains(marker + "-probe"));
            assertThat(event).contains("\"id\":\"" + marker + "-xiaomi\"").contains("\"type\":\"io.nhp.savings.window\"")
                    .contains("\"subject\":\"xiaomi\"").doesNotContain("samsung");
        }
    }

    /** A minute's savings event of the partner, with this id. */
    private static SavingsEvent savings(String partner, String id) {
        Instant now = Instant.now();
        return new SavingsEvent(SavingsEvent.SPEC_VERSION, id, "/nhp/economics-service", SavingsEvent.WINDOW_TYPE,
                partner, now, "application/json", new Savings(partner, now, now.plusSeconds(60), 3L,
                new BigDecimal("0.5"), Map.of("aws_h100", new BigDecimal("6.145")), new BigDecimal("0.1"),
                Map.of("aws_h100", new BigDecimal("6.045")), null, null, null, null));
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

    /** The data of the first SSE event that matches, read on another thread; the stream is closed then. */
    private CompletableFuture<String> firstEvent(String path, String token, Predicate<String> match) {
        EventStream stream = events(path, token);
        return CompletableFuture.supplyAsync(() -> {
            try (stream) {
                return stream.next(match);
            }
        });
    }

    /** The stream's events, read on another thread as they arrive, until it is closed. */
    private EventStream events(String path, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).header("Accept", "text/event-stream");
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        var stream = new EventStream(new LinkedBlockingQueue<>(), new CompletableFuture<>());
        CompletableFuture.runAsync(() -> {
            try {
                HttpResponse<InputStream> response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
                stream.body().complete(response.body());
                assertThat(response.statusCode()).isEqualTo(200);
                try (var lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                    for (String line; (line = lines.readLine()) != null; ) {
                        if (line.startsWith("data:")) {
                            stream.data().add(line.substring(5));
                        }
                    }
                }
            } catch (java.io.IOException | InterruptedException e) {
                stream.body().completeExceptionally(e); // closed by the test, or the stream failed
            }
        });
        return stream;
    }

    /** An SSE stream being read: the data of each event so far, and its body (closing it ends the stream). */
    private record EventStream(BlockingQueue<String> data, CompletableFuture<InputStream> body) implements AutoCloseable {

        boolean shows(Predicate<String> match) {
            return data.stream().anyMatch(match);
        }

        /** The data of the next event that matches (within 40 s). */
        String next(Predicate<String> match) {
            long deadline = System.nanoTime() + Duration.ofSeconds(40).toNanos();
            try {
                for (String event; (event = data.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS)) != null; ) {
                    if (match.test(event)) {
                        return event;
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw new AssertionError("no matching event within 40 s");
        }

        @Override
        public void close() {
            body.thenAccept(in -> {
                try {
                    in.close();
                } catch (java.io.IOException e) {
                    // the stream is gone either way
                }
            });
        }
    }
}
