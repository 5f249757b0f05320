package io.nhp.economics;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.nhp.contracts.TopicSnapshot;
import io.nhp.contracts.Topics;
import io.nhp.contracts.events.JobCompletedEvent;
import io.nhp.contracts.events.JobCompletedEvent.Execution;
import io.nhp.contracts.events.PayoutEvent;
import io.nhp.contracts.events.SavingsEvent;
import io.nhp.kafka.testkit.ReferenceSeed;
import io.nhp.kafka.testkit.SharedKafka;
import io.restassured.RestAssured;
import io.restassured.config.JsonConfig;
import io.restassured.path.json.JsonPath;
import io.restassured.path.json.config.JsonPathConfig;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The packaged service on a real broker, killed with SIGKILL in the middle of a stream of job completions and
 * started again on the same state directory: the ledger and the savings are exactly those of an uninterrupted run,
 * computed here by hand from the completions. Runs in its own JVM (failsafe execution {@code crash}), so no other
 * economics-service shares its broker.
 */
class LedgerCrashIT {

    private static final int JOBS = 400;
    private static final int DEVICES = 40;
    private static final String PARTNER = "crash-oem";
    private static final String[] REGIONS = {"china", "usa", "eu", "india"};
    private static final Map<String, BigDecimal> ELECTRICITY = Map.of("china", new BigDecimal("0.08"),
            "usa", new BigDecimal("0.16"), "eu", new BigDecimal("0.25"), "india", new BigDecimal("0.08"));
    private static final BigDecimal RATE = new BigDecimal("0.2");      // moderate tier, USD per hour
    private static final BigDecimal WATTS = new BigDecimal("3.5");
    private static final BigDecimal AWS_H100 = new BigDecimal("12.29"); // 98.32 / 8 per GPU-hour

    private final String bootstrap = SharedKafka.bootstrapServers();
    private final int port = freePort();
    private Path stateDir;
    private Process app;

    @AfterEach
    void stop() {
        if (app != null) {
            app.destroyForcibly();
        }
    }

    @Test
    void shouldHaveTheSameLedgerAndSavingsAfterAKillAsWithout() throws Exception {
        ReferenceSeed.publish(bootstrap, Instant.parse("2026-01-01T00:00:00Z"));
        stateDir = Files.createTempDirectory("economics-crash-");
        List<JobCompletedEvent> jobs = completions();

        // given the service is computing the first half of the completions
        app = start("run-1");
        send(jobs.subList(0, JOBS / 2));
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50)).ignoreExceptions()
                .until(() -> savings().getInt("totals.jobs") >= 40);

        // when it is killed outright, mid-stream, the rest arrives while it is down, and it is started again
        app.destroyForcibly().waitFor();
        send(jobs.subList(JOBS / 2, JOBS));
        app = start("run-2");

        // then every device earned hours × rate − electricity, to the micro-dollar, for each of its jobs once
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                .until(() -> savings().getInt("totals.jobs") == JOBS);
        Map<String, List<Execution>> byDevice = jobs.stream().flatMap(j -> j.executions().stream())
                .collect(Collectors.groupingBy(Execution::deviceId));
        BigDecimal payouts = BigDecimal.ZERO;
        for (Map.Entry<String, List<Execution>> device : byDevice.entrySet()) {
            BigDecimal seconds = device.getValue().stream().map(e -> BigDecimal.valueOf(e.deviceSeconds()))
                    .reduce(BigDecimal.ZERO, BigDecimal::add);
            BigDecimal gross = seconds.multiply(RATE).divide(BigDecimal.valueOf(3600), 6, RoundingMode.HALF_EVEN);
            BigDecimal electricity = seconds.multiply(WATTS).multiply(ELECTRICITY.get(device.getValue().get(0).region()))
                    .divide(BigDecimal.valueOf(3_600_000), 6, RoundingMode.HALF_EVEN);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                JsonPath earned = get("/api/v1/payouts/devices/" + device.getKey() + range());
                assertThat(earned.getInt("totals.jobs")).as(device.getKey()).isEqualTo(device.getValue().size());
                assertThat(earned.getObject("totals.grossUsd", BigDecimal.class)).as(device.getKey()).isEqualTo(gross);
                assertThat(earned.getObject("totals.netUsd", BigDecimal.class)).as(device.getKey())
                        .isEqualTo(gross.subtract(electricity));
            });
            payouts = payouts.add(gross);
        }

        // and the partner's savings: every job once, priced by hand, and the payouts of all its owners
        BigDecimal gpuSeconds = jobs.stream().map(j -> BigDecimal.valueOf(j.gpuSeconds())).reduce(BigDecimal.ZERO, BigDecimal::add);
        BigDecimal expectedPayouts = payouts;
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonPath totals = savings();
            assertThat(totals.getInt("totals.jobs")).isEqualTo(JOBS);
            assertThat(totals.getObject("totals.avoidedCostUsd.aws_h100", BigDecimal.class))
                    .isEqualTo(gpuSeconds.multiply(AWS_H100).divide(BigDecimal.valueOf(3600), 6, RoundingMode.HALF_EVEN));
            assertThat(totals.getObject("totals.payoutsUsd", BigDecimal.class)).isEqualTo(expectedPayouts);
        });

        // and the committed ledger holds exactly one entry per job and executing device
        List<PayoutEvent> entries = TopicSnapshot.read(bootstrap, Topics.ECONOMICS_PAYOUTS, Duration.ofSeconds(20))
                .stream().map(r -> r.value()).filter(e -> PARTNER.equals(e.partner()))
                .filter(e -> e.kind() == PayoutEvent.Kind.ENTRY).toList();
        Map<String, Long> perCredit = entries.stream()
                .collect(Collectors.groupingBy(e -> e.jobId() + "/" + e.deviceId(), Collectors.counting()));
        assertThat(perCredit).hasSize(JOBS * 2);
        assertThat(perCredit.values()).allMatch(count -> count == 1);
        assertThat(entries.stream().map(PayoutEvent::grossUsd).reduce(BigDecimal.ZERO, BigDecimal::add)).isEqualTo(payouts);

        // and the minutes published to subscribers count every job once
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                TopicSnapshot.read(bootstrap, Topics.ECONOMICS_SAVINGS, Duration.ofSeconds(20)).stream()
                        .map(r -> r.value()).filter(e -> e.subject().equals(PARTNER))
                        .filter(e -> e.type().equals(SavingsEvent.WINDOW_TYPE))
                        .mapToLong(e -> e.data().jobs()).sum()).isEqualTo(JOBS));
    }

    /** Jobs of 40 phones in four regions, completed one second apart within one UTC day that has passed. */
    private static List<JobCompletedEvent> completions() {
        Instant start = Instant.now().minus(Duration.ofMinutes(30)).truncatedTo(ChronoUnit.DAYS);
        Random random = new Random(42);
        List<JobCompletedEvent> jobs = new ArrayList<>();
        for (int i = 0; i < JOBS; i++) {
            int a = random.nextInt(DEVICES);
            int b = (a + 1 + random.nextInt(DEVICES - 1)) % DEVICES;
            Instant at = start.plusSeconds(i);
            jobs.add(new JobCompletedEvent("e" + i, at, PARTNER + "-job-" + i, PARTNER, "inference_image",
                    0.5 + random.nextInt(100) / 8.0, "h" + i, true, at.minusSeconds(30),
                    List.of(execution(a, random), execution(b, random)), List.of()));
        }
        return jobs;
    }

    private static Execution execution(int device, Random random) {
        return new Execution("crash-d" + device, "crash-o" + device / 4, REGIONS[device % REGIONS.length], 34.0,
                1.0 + random.nextInt(2000) / 7.0);
    }

    /** Sends the completions as job-broker would (idempotent, acks=all); all are on the topic when it returns. */
    private void send(List<JobCompletedEvent> jobs) {
        try (var producer = new KafkaProducer<>(Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true),
                Topics.JOBS_COMPLETED.keySerde().serializer(), Topics.JOBS_COMPLETED.valueSerde().serializer())) {
            for (JobCompletedEvent job : jobs) {
                producer.send(new ProducerRecord<>(Topics.JOBS_COMPLETED.name(), job.jobId(), job));
            }
        }
    }

    /** The packaged service, as production runs it, on this test's broker and state directory. */
    private Process start(String run) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        Process process = new ProcessBuilder(java, "-Xmx384m",
                "-Dquarkus.http.port=" + port,
                "-Dkafka.bootstrap.servers=" + bootstrap,
                "-Dnhp.economics.admin-token=crash-admin-token",
                "-Dnhp.economics.partners.xiaomi.token=crash-xiaomi-token",
                "-Dkafka-streams.state.dir=" + stateDir,
                // the killed instance leaves the group when its session times out: the broker's minimum, not 45 s
                "-Dkafka-streams.session.timeout.ms=6000",
                "-jar", "target/quarkus-app/quarkus-run.jar")
                .redirectErrorStream(true)
                .redirectOutput(Path.of("target", "ledger-crash-" + run + ".log").toFile())
                .start();
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250)).ignoreExceptions()
                .until(() -> given().baseUri("http://localhost:" + port).get("/q/health/ready").statusCode() == 200);
        return process;
    }

    private JsonPath savings() {
        return get("/api/v1/savings/" + PARTNER + range());
    }

    private static String range() {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        return "?from=" + today.minusDays(1) + "&to=" + today;
    }

    private JsonPath get(String path) {
        return given().baseUri("http://localhost:" + port).auth().oauth2("crash-admin-token")
                .config(RestAssured.config().jsonConfig(
                        JsonConfig.jsonConfig().numberReturnType(JsonPathConfig.NumberReturnType.BIG_DECIMAL)))
                .get(path).then().statusCode(200).extract().jsonPath();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
