package io.nhp.contracttests;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.nhp.contracts.Topics;
import io.nhp.contracts.events.JobCompletedEvent;
import io.nhp.contracts.events.JobCompletedEvent.Execution;
import io.nhp.contracts.events.SavingsEvent;
import io.nhp.contracts.serde.Json;
import io.nhp.contracts.serde.JsonSerde;
import io.nhp.kafka.testkit.ReferenceSeed;
import io.nhp.kafka.testkit.SharedKafka;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;

/** End to end on a real broker: economics-service's savings reach report-service's SSE stream, dashboard, report. */
class SavingsSubscriptionIT {

    private static final String PARTNER = "xiaomi";
    private static final String TOKEN = "e2e-xiaomi-token";
    /** The completions sent: counted exactly, so no other test may complete xiaomi's jobs on this JVM's broker. */
    private static final int JOBS = 4;
    /** Of them served by xiaomi's cloud fallback, after a phone answered wrong: cost incurred, nobody paid. */
    private static final int CLOUD_JOBS = 1;
    /** A job completed now is published when its minute ends plus economics-service's window grace (5 s). */
    private static final Duration MINUTE_CLOSED = Duration.ofSeconds(90);
    private static final Duration SETTLED = Duration.ofSeconds(30);
    private static final Path LOGS = Path.of("target", "savings-subscription");

    private final String bootstrap = SharedKafka.bootstrapServers();
    private final List<Process> services = new ArrayList<>();
    private final List<Path> logs = new ArrayList<>();
    private final List<String> streamed = new CopyOnWriteArrayList<>();
    private final ExecutorService streamReader = Executors.newSingleThreadExecutor();
    private InputStream stream;

    /** A failure carries the end of both services' logs and what the partner's stream delivered. */
    @RegisterExtension
    final TestExecutionExceptionHandler diagnosis = (context, failure) -> {
        StringBuilder message = new StringBuilder(String.valueOf(failure.getMessage()));
        for (Path log : logs) {
            message.append("\n--- last lines of ").append(log).append(" ---\n")
                    .append(String.join("\n", tail(log, 60)));
        }
        message.append("\n--- streamed to the partner ---\n").append(String.join("\n", streamed));
        throw new AssertionError(message.toString(), failure);
    };

    @AfterEach
    void stop() {
        if (stream != null) {
            try {
                stream.close(); // unsubscribes, and ends the reader
            } catch (IOException e) {
                // the service may have closed it first
            }
        }
        streamReader.shutdownNow();
        services.forEach(Process::destroy);
        for (Process service : services) {
            try {
                // report-service takes ~3 s per Kafka channel to stop gracefully (18 s): nothing to wait for here
                if (!service.waitFor(5, TimeUnit.SECONDS)) {
                    service.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                service.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }

    @Test
    void shouldDeliverTheLedgersSavingsToThePartnerStreamTheDashboardAndTheReport() throws Exception {
        // given the reference data and partner profiles as pricing-service publishes them, and both packaged services
        ReferenceSeed.publish(bootstrap, Instant.parse("2026-01-01T00:00:00Z"));
        Files.createDirectories(LOGS);
        Path stateDir = Files.createTempDirectory(LOGS.toAbsolutePath(), "economics-state-");
        String economics = start("economics-service", "-Dkafka-streams.state.dir=" + stateDir,
                "-Dnhp.economics.partners.xiaomi.token=" + TOKEN, "-Dnhp.economics.admin-token=e2e-admin-token");
        String report = start("report-service", "-Dnhp.report.partners.xiaomi.token=" + TOKEN,
                "-Dnhp.report.admin-token=e2e-admin-token");
        awaitReady(economics, services.get(0), logs.get(0));
        awaitReady(report, services.get(1), logs.get(1));

        // and xiaomi subscribed to its savings stream before any job completes (the stream is live, not a replay)
        subscribe(report + "/api/v1/partners/" + PARTNER + "/savings/stream");

        // when job-broker completes a few validated jobs of xiaomi's phones, and one its cloud served
        Instant now = Instant.now();
        List<JobCompletedEvent> completions = new ArrayList<>(jobs(now));
        completions.add(cloudJob(now));
        complete(completions);

        // then the stream delivers the closed minute and the day's running total, counting every job
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        await("the minute and the day on the partner's stream").atMost(MINUTE_CLOSED)
                .pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
                    List<SavingsEvent> events = streamedEvents();
                    assertThat(events).allSatisfy(e -> assertThat(e.subject()).isEqualTo(PARTNER));
                    assertThat(events.stream().filter(e -> e.type().equals(SavingsEvent.WINDOW_TYPE))
                            .mapToLong(e -> e.data().jobs()).sum()).as("jobs in the streamed minutes").isEqualTo(JOBS);
                    assertThat(events).filteredOn(e -> e.type().equals(SavingsEvent.DAILY_TYPE))
                            .anySatisfy(day -> {
                                assertThat(day.data().windowStart())
                                        .isEqualTo(today.atStartOfDay(ZoneOffset.UTC).toInstant());
                                assertThat(day.data().jobs()).isEqualTo(JOBS);
                                assertThat(day.data().cloudJobs()).isEqualTo(CLOUD_JOBS);
                                assertThat(day.data().cloudCostUsd()).isNotEmpty();
                                assertThat(day.data().dissentingResults()).isEqualTo(CLOUD_JOBS);
                            });
                });

        // and the dashboard shows today's jobs, cost avoided and payouts as economics-service computed them
        await("the dashboard agrees with economics-service").atMost(SETTLED).pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> {
                    JsonNode day = get(economics + "/api/v1/savings/" + PARTNER + "?from=" + today + "&to=" + today)
                            .path("totals");
                    assertThat(day.path("jobs").asLong()).as("economics-service's jobs today").isEqualTo(JOBS);
                    assertThat(day.path("payoutsUsd").decimalValue()).as("economics-service's payouts today")
                            .isPositive();
                    Collection<BigDecimal> avoided = decimals(day.path("avoidedCostUsd")).values();
                    assertThat(avoided).as("economics-service's cost avoided today").isNotEmpty();

                    JsonNode row = row(get(report + "/api/v1/live/dashboard"), PARTNER);
                    assertThat(row.path("jobsToday").asLong()).as("jobs today on the dashboard").isEqualTo(JOBS);
                    assertThat(row.path("payoutsTodayUsd").decimalValue()).as("payouts today on the dashboard")
                            .isEqualByComparingTo(day.path("payoutsUsd").decimalValue());
                    assertThat(row.path("avoidedTodayMinUsd").decimalValue()).as("cheapest offer's cost avoided")
                            .isEqualByComparingTo(avoided.stream().min(BigDecimal::compareTo).orElseThrow());
                    assertThat(row.path("avoidedTodayMaxUsd").decimalValue()).as("dearest offer's cost avoided")
                            .isEqualByComparingTo(avoided.stream().max(BigDecimal::compareTo).orElseThrow());
                    // and requests served by the cloud, the cost it incurred and the dishonest result caught
                    Collection<BigDecimal> incurred = decimals(day.path("cloudCostUsd")).values();
                    assertThat(row.path("cloudJobsToday").asLong()).as("requests served by the cloud today")
                            .isEqualTo(day.path("cloudJobs").asLong()).isEqualTo(CLOUD_JOBS);
                    assertThat(row.path("cloudCostTodayMaxUsd").decimalValue()).as("dearest offer's cost incurred")
                            .isEqualByComparingTo(incurred.stream().max(BigDecimal::compareTo).orElseThrow());
                    assertThat(row.path("dishonestResultsToday").asLong()).as("dishonest results caught today")
                            .isEqualTo(day.path("dissentingResults").asLong());
                });

        // and xiaomi's report counts them in its savings to date, as economics-service does over the topic's 30 days
        await("the report's savings to date agree with economics-service").atMost(SETTLED)
                .pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
                    JsonNode toDate = get(economics + "/api/v1/savings/" + PARTNER).path("totals");
                    JsonNode live = get(report + "/api/v1/reports/" + PARTNER).path("live").path("savingsToDate");
                    assertThat(live.isObject()).as("live.savingsToDate of the report: " + live).isTrue();
                    assertThat(live.path("jobs").asLong()).as("jobs to date in the report").isEqualTo(JOBS)
                            .isEqualTo(toDate.path("jobs").asLong());
                    assertThat(live.path("gpuHours").decimalValue()).as("GPU-hours to date in the report")
                            .isEqualByComparingTo(toDate.path("gpuHours").decimalValue());
                    assertThat(live.path("payoutsUsd").decimalValue()).as("payouts to date in the report")
                            .isEqualByComparingTo(toDate.path("payoutsUsd").decimalValue());
                    assertThat(decimals(live.path("avoidedCostUsd"))).as("cost avoided to date in the report")
                            .usingRecursiveComparison().withComparatorForType(BigDecimal::compareTo, BigDecimal.class)
                            .isEqualTo(decimals(toDate.path("avoidedCostUsd")));
                    assertThat(live.path("cloudJobs").asLong()).as("cloud-served jobs to date in the report")
                            .isEqualTo(toDate.path("cloudJobs").asLong()).isEqualTo(CLOUD_JOBS);
                    assertThat(decimals(live.path("cloudCostUsd"))).as("cloud cost incurred to date in the report")
                            .usingRecursiveComparison().withComparatorForType(BigDecimal::compareTo, BigDecimal.class)
                            .isEqualTo(decimals(toDate.path("cloudCostUsd")));
                });
    }

    /** Validated jobs of xiaomi, each computed by two phones in different regions, completed at {@code at}. */
    private static List<JobCompletedEvent> jobs(Instant at) {
        String run = UUID.randomUUID().toString().substring(0, 8);
        List<JobCompletedEvent> jobs = new ArrayList<>();
        for (int i = 0; i < JOBS; i++) {
            String jobId = "e2e-" + run + "-job-" + i;
            jobs.add(new JobCompletedEvent("done-" + jobId, at, jobId, PARTNER, "inference_image", 20.0 + i * 7.5,
                    "hash-" + jobId, true, at.minusSeconds(30),
                    List.of(new Execution("e2e-phone-" + i, "e2e-owner-" + i, "china", 34.0, 40.0 + i),
                            new Execution("e2e-phone-" + (i + JOBS), "e2e-owner-" + (i + JOBS), "eu", 34.0, 55.5 + i)),
                    List.of()));
        }
        return jobs;
    }

    /** A request of xiaomi's its cloud fallback served at {@code at} because a phone's answer disagreed. */
    private static JobCompletedEvent cloudJob(Instant at) {
        String jobId = "e2e-" + UUID.randomUUID().toString().substring(0, 8) + "-cloud";
        return new JobCompletedEvent("done-" + jobId, at, jobId, PARTNER, "inference_image", 27.5, "hash-" + jobId,
                true, at.minusSeconds(30), List.of(), List.of("e2e-phone-cheat"), JobCompletedEvent.CLOUD, false,
                false);
    }

    /** Sends the completions as job-broker writes them: key = job id, JSON values, the topic's headers, acks=all. */
    private void complete(List<JobCompletedEvent> jobs) throws Exception {
        try (KafkaProducer<String, Object> producer = new KafkaProducer<>(Map.<String, Object>of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true),
                new StringSerializer(), new JsonSerde.JsonSerializer<>())) {
            for (JobCompletedEvent job : jobs) {
                producer.send(new ProducerRecord<>(Topics.JOBS_COMPLETED.name(), null, job.jobId(), job,
                        Topics.JOBS_COMPLETED.headers())).get(30, TimeUnit.SECONDS);
            }
        }
    }

    /** Opens the SSE stream with xiaomi's token; once it answers 200, its data lines are read on another thread. */
    private void subscribe(String url) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                .header("Accept", "text/event-stream")
                .header("Authorization", "Bearer " + TOKEN)
                .build();
        HttpResponse<InputStream> response = HttpClient.newHttpClient()
                .sendAsync(request, HttpResponse.BodyHandlers.ofInputStream()).get(30, TimeUnit.SECONDS);
        assertThat(response.statusCode()).as("the partner stream's status").isEqualTo(200);
        stream = response.body();
        streamReader.submit(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                lines.lines().filter(line -> line.startsWith("data:"))
                        .forEach(line -> streamed.add(line.substring("data:".length()).trim()));
            }
            return null; // ends when the test closes the stream
        });
    }

    private List<SavingsEvent> streamedEvents() {
        return streamed.stream().map(data -> {
            try {
                return Json.MAPPER.readValue(data, SavingsEvent.class);
            } catch (IOException e) {
                throw new AssertionError("not a savings CloudEvent on the partner stream: " + data, e);
            }
        }).toList();
    }

    /** Starts a packaged service (prod profile) on this test's broker and a free port; its output goes to a log. */
    private String start(String service, String... properties) throws IOException {
        int port = freePort();
        Path log = LOGS.resolve(service + ".log");
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-Xmx384m",
                "-Dquarkus.http.port=" + port,
                "-Dkafka.bootstrap.servers=" + bootstrap));
        command.addAll(List.of(properties));
        command.addAll(List.of("-jar", Path.of("..", service, "target", "quarkus-app", "quarkus-run.jar").toString()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        services.add(process);
        logs.add(log);
        return "http://localhost:" + port;
    }

    private static void awaitReady(String base, Process process, Path log) {
        await(base + " ready").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250)).ignoreExceptions()
                .failFast(log + " says the service exited", () -> !process.isAlive())
                .until(() -> given().baseUri(base).get("/q/health/ready").statusCode() == 200);
    }

    private static JsonNode get(String url) throws IOException {
        // Xiaomi's own credential: the partner sees its own live figures (anonymous readers do not)
        return Json.MAPPER.readTree(given().auth().oauth2(TOKEN).get(url).then().statusCode(200).extract().asString());
    }

    /** The dashboard's row of a partner. */
    private static JsonNode row(JsonNode dashboard, String partner) {
        for (JsonNode row : dashboard.path("partners")) {
            if (partner.equals(row.path("partner").asText())) {
                return row;
            }
        }
        throw new AssertionError("no row of " + partner + " on the dashboard: " + dashboard.path("partners"));
    }

    /** A JSON object of amounts by cloud offer. */
    private static Map<String, BigDecimal> decimals(JsonNode amounts) {
        Map<String, BigDecimal> byOffer = new TreeMap<>();
        amounts.fields().forEachRemaining(amount -> byOffer.put(amount.getKey(), amount.getValue().decimalValue()));
        return byOffer;
    }

    private static List<String> tail(Path log, int count) {
        List<String> lines = lines(log);
        return lines.subList(Math.max(0, lines.size() - count), lines.size());
    }

    private static List<String> lines(Path log) {
        if (!Files.exists(log)) {
            return List.of();
        }
        try {
            return new String(Files.readAllBytes(log), StandardCharsets.UTF_8).lines().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
