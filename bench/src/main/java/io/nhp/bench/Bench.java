package io.nhp.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.nhp.agent.PartnerKey;
import io.nhp.contracts.serde.Json;
import io.nhp.sim.Platform;
import io.nhp.sim.model.PhoneState;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The benchmark. On a platform of its own ({@link Ingest}): the ceiling (Kafka's ProducerPerformance, a
 * heartbeat-sized record, acks=all, 6 partitions) and heartbeat ingest, open loop, beside a bare reference endpoint on
 * the same broker. On a fresh platform started as {@code ./nhp up} does (broker and services as separate JVMs), from
 * this separate process: freshness (a heartbeat accepted → the capacity figure changed in economics-service and in
 * report-service) and the deep-dive report's render time. Then, each on a platform of its own: {@link Jobs}, the
 * {@link Scale} of a million phones and {@link Embeddings}. Writes bench/RESULTS.md and bench/results.json.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Measures NHP against its targets.")
public final class Bench implements Callable<Integer> {

    @Option(names = "--quick", description = "Short runs (about a minute of measuring): proves the harness works.")
    boolean quick;

    @Option(names = "--results", defaultValue = "bench", description = "Where RESULTS.md and results.json go.")
    Path results;

    @Option(names = "--scale-registered", description = "Registered phones in the scale scenario (default 1,000,000; "
            + "20,000 when quick).")
    Integer scaleRegistered;

    @Option(names = "--scale-online", description = "Online phones in the scale scenario (default 400,000; 8,000 when quick).")
    Integer scaleOnline;

    /** The scenarios, in the order they run. */
    enum Scenario { ceiling, ingest, freshness, jobs, report, scale, embeddings }

    @Option(names = "--only", split = ",", paramLabel = "SCENARIO",
            description = "Run only these (comma-separated): ${COMPLETION-CANDIDATES}. Default: all.")
    java.util.EnumSet<Scenario> only = java.util.EnumSet.allOf(Scenario.class);

    @Option(names = "--profile", split = ",", paramLabel = "SERVICE",
            description = "Record a JFR profile of these services (e.g. device-registry) in the scenarios that start a "
                    + "platform of their own (ingest, jobs, embeddings), from the service's start: bench/target/"
                    + "<scenario>-run/logs/<service>.jfr once it stops. Attaching JFR to a loaded JVM (jcmd JFR.start) "
                    + "recompiles much of its code at once, which on this box collapsed the figures it was to explain.")
    java.util.Set<String> profile = java.util.Set.of();

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final PhoneState FIT = new PhoneState(true, 80, 30.0, PhoneState.Network.WIFI, true, 5,
            PhoneState.Thermal.NONE);
    private static final PhoneState SCREEN_ON = new PhoneState(true, 80, 30.0, PhoneState.Network.WIFI, false, 5,
            PhoneState.Thermal.NONE);
    private static final String GATEWAY = "dev-gateway-token";
    private static final String ECONOMICS_CAPACITY = "http://localhost:8084/api/v1/capacity/xiaomi";
    private static final String REPORT_CAPACITY = "http://localhost:8080/api/v1/live/capacity";

    private final Platform platform = new Platform(new Platform.Urls(URI.create("http://localhost:8083"),
            URI.create("http://localhost:8081"), URI.create("http://localhost:8082")),
            // the platform runs in dev (./nhp up): Xiaomi enrolls the bench's phones with the development partner key
            PartnerKey.dev());
    private Results figures;

    @Override
    public Integer call() throws Exception {
        figures = new Results(quick);
        try {
            OwnPlatform.profile(profile);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            return 2;
        }
        if (only.contains(Scenario.ceiling) || only.contains(Scenario.ingest)) {
            // its own platform on free ports (broker, pricing-service, device-registry, the reference endpoint): the
            // ceiling and both ingest paths on one broker, and no other scenario's load beside them
            new Ingest(figures, quick, Path.of("bench", "target", "ingest-run"), only.contains(Scenario.ingest)).run();
        }
        if (only.contains(Scenario.freshness) || only.contains(Scenario.report)) {
            onFreshPlatform(() -> {
                List<Platform.Registered> devices = register(platform, quick ? 300 : 3000, "bench-owner-");
                if (only.contains(Scenario.freshness)) {
                    freshness(devices.get(0));
                }
                if (only.contains(Scenario.report)) {
                    render();
                }
            });
        }
        if (only.contains(Scenario.jobs)) {
            // its own platform on free ports, only the services on the job path: no other scenario's load beside it
            new Jobs(figures, quick, Path.of("bench", "target", "jobs-run")).run();
        }
        if (only.contains(Scenario.scale)) {
            // its own platform: a million phones would weigh on every other figure
            onFreshPlatform(() -> new Scale(platform, figures,
                    scaleRegistered != null ? scaleRegistered : quick ? 20_000 : 1_000_000,
                    scaleOnline != null ? scaleOnline : quick ? 8_000 : 400_000, 60).run());
        }
        if (only.contains(Scenario.embeddings)) {
            // its own platform on free ports, with phone agents that compute: no other scenario's load beside it
            new Embeddings(figures, quick, Path.of("bench", "target", "embeddings-run")).run();
        }
        Files.createDirectories(results);
        figures.write(results.resolve("RESULTS.md"), results.resolve("results.json"), commit(), machine());
        say("written " + results.resolve("RESULTS.md") + " and " + results.resolve("results.json"));
        return 0;
    }

    interface Run {
        void run() throws Exception;
    }

    private static void onFreshPlatform(Run scenarios) throws Exception {
        say("starting a fresh platform (./nhp up --detach --no-sim --no-agents)");
        nhp("up", "--detach", "--no-sim", "--no-agents");
        try {
            scenarios.run();
        } finally {
            say("stopping the platform");
            nhp("down");
        }
    }

    /** Registers {@code count} of Xiaomi's phones (an owner each), retrying while device-registry loads its reference data. */
    static List<Platform.Registered> register(Platform platform, int count, String ownerPrefix) throws InterruptedException {
        say("registering " + count + " phones");
        List<Platform.Registered> devices = java.util.Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(8);
        for (int i = 0; i < count; i++) {
            int n = i;
            pool.submit(() -> {
                for (int attempt = 0; attempt < 120; attempt++) {
                    try {
                        devices.add(platform.register("xiaomi", "Xiaomi 14", "India", ownerPrefix + n,
                                "Asia/Kolkata", "00:00", "23:59"));
                        return;
                    } catch (Platform.Refused e) {
                        sleep(500); // 503 while reference data loads
                    }
                }
            });
        }
        pool.shutdown();
        pool.awaitTermination(10, TimeUnit.MINUTES);
        if (devices.size() < count) {
            throw new IllegalStateException("only " + devices.size() + " of " + count + " phones registered");
        }
        return new ArrayList<>(devices);
    }

    /** A heartbeat that changes a phone's eligibility → the capacity figures in economics-service and report-service. */
    private void freshness(Platform.Registered device) throws Exception {
        say("freshness: a phone's screen on and off, until economics-service and report-service show it");
        int samples = quick ? 8 : 20;
        Latency economics = new Latency();
        Latency report = new Latency();
        reportFit(List.of(device));
        long eligible = settled();
        boolean fit = true;
        for (int i = 0; i < samples; i++) {
            fit = !fit;
            long expected = eligible + (fit ? 0 : -1);
            sleep(1_200); // past the capacity's once-a-second publication, so every sample starts afresh
            platform.heartbeat(device.deviceId(), device.token(), fit ? FIT : SCREEN_ON);
            long accepted = System.nanoTime();
            awaitUntil(() -> eligibleIn(ECONOMICS_CAPACITY) == expected,
                    Duration.ofSeconds(15));
            economics.record(accepted);
            awaitUntil(() -> eligibleIn(REPORT_CAPACITY) == expected,
                    Duration.ofSeconds(15));
            report.record(accepted);
        }
        figures.add("3 Freshness", "heartbeat → economics-service capacity, p50", economics.millis(50), "ms", null, null,
                samples + " changes");
        figures.add("3 Freshness", "heartbeat → economics-service capacity, p99", economics.millis(99), "ms", "≤ 1,000 ms",
                economics.millis(99) <= 1000, "capacity is published at most once per second per key");
        figures.add("3 Freshness", "heartbeat → report-service, p99", report.millis(99), "ms", "≤ 1,000 ms",
                report.millis(99) <= 1000, "p50 " + Results.format(report.millis(50)) + " ms");
    }

    /** The eligible count once economics-service and report-service agree on it and it has not moved for 2 s. */
    private long settled() {
        long last = -2;
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (System.nanoTime() < deadline) {
            long economics = eligibleIn(ECONOMICS_CAPACITY);
            long report = eligibleIn(REPORT_CAPACITY);
            if (economics == report && economics == last && economics >= 0) {
                return economics;
            }
            last = economics == report ? economics : -2;
            sleep(1000);
        }
        throw new IllegalStateException("economics-service and report-service did not settle on an eligible count");
    }

    private long eligibleIn(String url) {
        try {
            // ops' dev credential: economics-service shows a partner's figures only to it or to ops (SECURITY.md)
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url))
                    .header("Authorization", "Bearer dev-admin-token")
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                return -1;
            }
            JsonNode body = Json.MAPPER.readTree(response.body());
            if (body.isArray()) {
                for (JsonNode partner : body) {
                    if ("xiaomi".equals(partner.path("partner").asText())) {
                        return partner.path("eligibleDevices").asLong();
                    }
                }
                return -1;
            }
            return body.path("eligibleDevices").asLong(-1);
        } catch (IOException | InterruptedException e) {
            return -1;
        }
    }

    /** The phones say they are fit to compute; returns once device-registry counts them eligible. */
    private void reportFit(List<Platform.Registered> phones) {
        List<Platform.Beat> beats = phones.stream().map(p -> new Platform.Beat(p.deviceId(), FIT)).toList();
        platform.heartbeats(GATEWAY, beats);
        awaitUntil(() -> {
            try {
                JsonNode fleet = Json.MAPPER.readTree(HTTP.send(HttpRequest.newBuilder(
                        URI.create("http://localhost:8081/api/v1/fleet?partner=xiaomi")).build(),
                        HttpResponse.BodyHandlers.ofString()).body());
                return fleet.path("eligible").asLong() >= phones.size();
            } catch (IOException | InterruptedException e) {
                return false;
            }
        }, Duration.ofSeconds(30));
        sleep(1000); // job-broker reads the same statuses
    }

    /** The deep dive, warm: sequential requests from this process. */
    private void render() throws Exception {
        say("report: the Xiaomi deep dive, sequential requests");
        URI report = URI.create("http://localhost:8080/reports/xiaomi");
        awaitUntil(() -> status(report) == 200, Duration.ofSeconds(60));
        int warm = quick ? 50 : 200;
        int measured = quick ? 200 : 1000;
        Latency latency = new Latency();
        for (int i = 0; i < warm + measured; i++) {
            long start = System.nanoTime();
            if (status(report) != 200) {
                throw new IllegalStateException("the report answered with an error");
            }
            if (i >= warm) {
                latency.record(start);
            }
        }
        figures.add("6 Report", "deep-dive render (HTML), p99", latency.millis(99), "ms", "≤ 50 ms",
                latency.millis(99) <= 50, "p50 " + Results.format(latency.millis(50)) + " ms, " + measured
                        + " requests after " + warm + " to warm up");
    }

    private static int status(URI uri) {
        try {
            return HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException | InterruptedException e) {
            return -1;
        }
    }

    private static void awaitUntil(java.util.function.BooleanSupplier condition, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("condition not met within " + timeout);
            }
            sleep(5);
        }
    }

    private static void nhp(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("./nhp"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(Path.of("bench", "target", "nhp.log").toFile()));
        // the benchmark measures ingest, not device-registry's per-phone rate limit
        builder.environment().put("NHP_REGISTRY_HEARTBEAT_MAX_PER_DEVICE_PER_MINUTE", "100000000");
        int exit = builder.start().waitFor();
        if (exit != 0) {
            throw new IllegalStateException("./nhp " + String.join(" ", args) + " failed (bench/target/nhp.log)");
        }
    }

    private static String commit() {
        try {
            Process git = new ProcessBuilder("git", "rev-parse", "--short", "HEAD").start();
            return new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static String machine() {
        String memory = "";
        try {
            memory = Files.readAllLines(Path.of("/proc/meminfo")).get(0).replaceAll("\\s+", " ");
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        return Runtime.getRuntime().availableProcessors() + " cores, " + memory + ", Java "
                + System.getProperty("java.version") + ", " + System.getProperty("os.name") + " "
                + System.getProperty("os.arch");
    }

    /** The box's 1-minute load average: the machine is shared, and the figures say how busy it was. */
    static String loadAverage() {
        try {
            return java.nio.file.Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    static String java() {
        return ProcessHandle.current().info().command().orElse("java");
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static final long STARTED = System.nanoTime();

    /** Progress, with the time since the benchmark started. */
    static void say(String message) {
        long seconds = (System.nanoTime() - STARTED) / 1_000_000_000L;
        System.out.printf("[bench %d:%02d] %s%n", seconds / 60, seconds % 60, message);
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new Bench()).execute(args));
    }
}
