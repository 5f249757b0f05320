package io.nhp.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nhp.agent.PartnerKey;
import io.nhp.contracts.Topics;
import io.nhp.contracts.events.HeartbeatEvent;
import io.nhp.contracts.events.NetworkType;
import io.nhp.contracts.events.ThermalStatus;
import io.nhp.contracts.serde.Json;
import io.nhp.sim.Platform;
import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

/**
 * Scenarios 1 and 2: the ceiling and heartbeat ingest, open loop, on a platform of the benchmark's own (a fresh broker,
 * pricing-service and device-registry on free ports, device-registry's per-phone rate limit lifted) with two peers on
 * the same broker: Kafka's ProducerPerformance (the physical limit) and {@link ReferenceIngest} (a bare Vert.x server
 * with one KafkaProducer, the same JVM options as the services: HTTP → Kafka before any of the platform's work). Both
 * HTTP endpoints get identical load from this JVM: Vert.x HTTP/1.1 clients on a few event loops, keep-alive, a bounded
 * pool, no pipelining, every request body built before measuring. Requests are sent at a constant rate whatever the
 * answers, each timed from when it was due (no coordinated omission). A ramp doubles the rate while the p99 holds
 * (and nothing fails), then bisects twice; ≥ 3 repeats (1 quick): min, median, max. Every accepted heartbeat is
 * counted on its topic afterwards (end offsets), and device-registry's input lag is sampled during a run at the most
 * sustained batch rate. CPU seconds of every process beside each figure.
 */
final class Ingest {

    private static final String GATEWAY = "dev-gateway-token";
    private static final String REFERENCE_TOPIC = "bench.reference.heartbeats";
    private static final String CEILING_TOPIC = "bench.ceiling";
    private static final int PARTITIONS = 6;
    /** Steps between the last rate held and the first not, each half-way (not when quick). */
    private static final int BISECTIONS = 2;

    /** Heartbeats per batch request (device-registry's max-batch). */
    private static final int BATCH = 1000;
    private static final double SINGLE_P99_MS = 50;
    /**
     * A gateway's request of 1,000 heartbeats: the p99 a step must hold to count as sustained. The issue sets no
     * latency for batches (their target is throughput); 250 ms keeps a step whose requests queue up (seconds) from
     * counting, without a 1,000-record request's own cost on a shared 2-core machine deciding the figure.
     */
    private static final double BATCH_P99_MS = 250;
    private static final int LANES = 4;
    private static final int CONNECTIONS_PER_LANE = 64;

    private final Results figures;
    private final boolean quick;
    private final Path dir;
    private final boolean ingest;
    private final int repeats;

    /** {@code ingest} false: the ceiling alone (a broker, no services). */
    Ingest(Results figures, boolean quick, Path dir, boolean ingest) {
        this.figures = figures;
        this.quick = quick;
        this.dir = dir;
        this.ingest = ingest;
        this.repeats = quick ? 1 : 3;
    }

    enum Mode {
        batch("hb/s", BATCH_P99_MS), single("req/s", SINGLE_P99_MS);

        final String unit;
        final double p99Millis;

        Mode(String unit, double p99Millis) {
            this.unit = unit;
            this.p99Millis = p99Millis;
        }

        int perRequest() {
            return this == batch ? BATCH : 1;
        }
    }

    /** An endpoint under test: where it listens, the topic its accepted heartbeats land on, what it accepted. */
    private static final class Target {
        final String name;
        final String host;
        final int port;
        final String topic;
        final LongAdder accepted = new LongAdder();
        /** Heartbeats in requests the generator gave up on (timeout, connection lost): written or not, unknown. */
        final LongAdder givenUp = new LongAdder();

        Target(String name, java.net.URI url, String topic) {
            this.name = name;
            this.host = url.getHost();
            this.port = url.getPort();
            this.topic = topic;
        }
    }

    void run() throws Exception {
        List<String> services = ingest ? List.of("pricing-service", "device-registry") : List.of();
        Bench.say("ingest: a platform of its own on free ports (broker" + (ingest ? ", " + String.join(", ", services)
                + ", the reference endpoint" : "") + ")");
        try (OwnPlatform platform = OwnPlatform.start(dir, services, Map.of("device-registry",
                // the run measures ingest, not device-registry's per-phone rate limit
                List.of("-Dnhp.registry.heartbeat.max-per-device-per-minute=100000000")));
             Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, platform.bootstrap()))) {
            admin.createTopics(List.of(new NewTopic(CEILING_TOPIC, PARTITIONS, (short) 1),
                    new NewTopic(REFERENCE_TOPIC, PARTITIONS, (short) 1))).all().get(30, TimeUnit.SECONDS);
            double ceiling = ceiling(platform, admin);
            if (!ingest) {
                return;
            }
            platform.startBenchJvm("reference", ReferenceIngest.class.getName(),
                    List.of(platform.bootstrap(), REFERENCE_TOPIC));
            figures.setting("Ingest JVMs (heap, GC): " + platform.jvmSettingsLine());
            Platform client = new Platform(new Platform.Urls(platform.url("pricing-service"),
                    platform.url("device-registry"), null), PartnerKey.dev());
            List<Platform.Registered> phones = Bench.register(client, quick ? 300 : 3000, "bench-ingest-owner-");
            Target ours = new Target("device-registry", platform.url("device-registry"), Topics.DEVICES_HEARTBEATS.name());
            Target reference = new Target("reference", platform.url("reference"), REFERENCE_TOPIC);
            Map<Target, Long> before = new LinkedHashMap<>();
            for (Target target : List.of(ours, reference)) {
                before.put(target, endOffsets(admin, target.topic));
            }
            try (Generator generator = new Generator(phones, List.of(ours, reference), timeout())) {
                Bench.say("ingest: " + phones.size() + " phones registered, " + generator.bodies()
                        + " request bodies built; " + LANES + " event loops × " + CONNECTIONS_PER_LANE + " connections");
                Map<Mode, List<Step>> oursBest = new LinkedHashMap<>();
                Map<Mode, List<Step>> referenceBest = new LinkedHashMap<>();
                for (Mode mode : Mode.values()) {
                    oursBest.put(mode, ramps(platform, admin, generator, ours, mode, start(mode)));
                    double oursMedian = median(oursBest.get(mode));
                    // the reference is expected to go at least as far: its ramp starts where ours ended
                    referenceBest.put(mode, ramps(platform, admin, generator, reference, mode,
                            Math.max(start(mode), oursMedian / mode.perRequest())));
                }
                report(ceiling, oursBest, referenceBest);
                lag(platform, admin, generator, ours, oursBest.get(Mode.batch));
                // every request answered or given up on: what reached the topics
                generator.awaitIdle(timeout().plusSeconds(5));
            }
            for (Target target : List.of(ours, reference)) {
                long onTopic = endOffsets(admin, target.topic) - before.get(target);
                long accepted = target.accepted.sum();
                long givenUp = target.givenUp.sum();
                // none lost: every heartbeat answered 202 is there; beyond those, at most the ones whose requests
                // the generator gave up on (the server may have written them after all)
                boolean met = onTopic >= accepted && onTopic - accepted <= givenUp;
                figures.add("2 Ingest (records)", "accepted by " + target.name + ", on " + target.topic, onTopic,
                        "rec", String.format(Locale.ROOT, "= accepted (%,d)%s", accepted, givenUp == 0 ? ""
                                : String.format(Locale.ROOT, " + ≤ %,d given up on", givenUp)), met,
                        String.format(Locale.ROOT, "end offsets before and after, every request of the scenario "
                                + "(warm-ups, ramps, lag run); %,d more than accepted; %,d heartbeats in requests the "
                                + "generator gave up on (%d s timeout or connection lost)", onTopic - accepted, givenUp,
                                timeout().toSeconds()));
            }
        }
    }

    // ---------------------------------------------------------------------------------------------------- ceiling

    /** The physical limit: the broker's own producer benchmark, same record size and partitioning as heartbeats. */
    private double ceiling(OwnPlatform platform, Admin admin) throws Exception {
        // the size of a heartbeat as device-registry writes it
        int recordSize = Topics.DEVICES_HEARTBEATS.valueSerde().serializer()
                .serialize(Topics.DEVICES_HEARTBEATS.name(), sampleHeartbeat()).length;
        String classpath = Files.readString(Path.of("libs/kafka-server/target/classes/io/nhp/kafka/server/broker.classpath")).trim();
        long records = quick ? 300_000 : 3_000_000;
        Bench.say("ceiling: ProducerPerformance, " + records + " records of " + recordSize + " bytes, acks=all, "
                + PARTITIONS + " partitions");
        // a first, shorter run warms the broker up (the first run after a start is 30-40 % slower): not counted
        producerPerformance(platform, classpath, records / 5, recordSize);
        long warm = endOffsets(admin, CEILING_TOPIC);
        Map<String, Double> cpuBefore = platform.cpuSeconds();
        String output = producerPerformance(platform, classpath, records, recordSize);
        Map<String, Double> cpu = delta(cpuBefore, platform.cpuSeconds());
        cpu.keySet().retainAll(Set.of("kafka", "bench"));
        cpu.put("ProducerPerformance", childrenCpu(output));
        Matcher summary = Pattern.compile("(\\d+) records sent, ([\\d.]+) records/sec.*?([\\d.]+) ms avg latency.*?"
                + "(\\d+) ms 50th, (\\d+) ms 95th, (\\d+) ms 99th", Pattern.DOTALL).matcher(lastSummary(output));
        if (!summary.find()) {
            throw new IllegalStateException("no ProducerPerformance summary in:\n" + output);
        }
        double rate = Double.parseDouble(summary.group(2));
        long onTopic = endOffsets(admin, CEILING_TOPIC) - warm;
        figures.add("1 Ceiling", "Kafka producer, acks=all, idempotent, " + recordSize + " B records, " + PARTITIONS
                        + " partitions", rate, "rec/s", null, null,
                String.format(Locale.ROOT, "ProducerPerformance, %,d records (%,d on the topic) after %,d to warm up; "
                        + "p99 %s ms; same broker as ingest; CPU s: %s", records, onTopic, records / 5, summary.group(6),
                        Jobs.cpu(cpu)));
        return rate;
    }

    /** One ProducerPerformance run at full speed; its output, ending with its JVM's CPU (bash's {@code times}). */
    private static String producerPerformance(OwnPlatform platform, String classpath, long records, int recordSize)
            throws Exception {
        List<String> command = new ArrayList<>(List.of("bash", "-c", "\"$@\"; status=$?; times; exit $status", "bash",
                Bench.java(), "-Xmx512m", "-cp", classpath, "org.apache.kafka.tools.ProducerPerformance",
                "--topic", CEILING_TOPIC, "--num-records", Long.toString(records), "--record-size",
                Integer.toString(recordSize), "--throughput", "-1", "--producer-props",
                "bootstrap.servers=" + platform.bootstrap(), "acks=all", "enable.idempotence=true", "linger.ms=5",
                "batch.size=131072"));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        process.waitFor();
        return output;
    }

    private static String lastSummary(String output) {
        String[] lines = output.split("\n");
        for (int i = lines.length - 1; i >= 0; i--) {
            if (lines[i].contains("records sent")) {
                return lines[i];
            }
        }
        return "";
    }

    /** The children's user + system seconds from bash's {@code times} (its last line: "0m1.5s 0m0.2s"). */
    private static double childrenCpu(String output) {
        String[] lines = output.strip().split("\n");
        Matcher times = Pattern.compile("(\\d+)m([\\d.]+)s\\s+(\\d+)m([\\d.]+)s").matcher(lines[lines.length - 1]);
        if (!times.find()) {
            return Double.NaN;
        }
        return Integer.parseInt(times.group(1)) * 60 + Double.parseDouble(times.group(2))
                + Integer.parseInt(times.group(3)) * 60 + Double.parseDouble(times.group(4));
    }

    static HeartbeatEvent sampleHeartbeat() {
        Instant now = Instant.now();
        return new HeartbeatEvent("0b3f6c1e-9a1d-4c3e-8f0e-5d2a7b9c1e44", now, now,
                "9f1c2d3e-4b5a-6789-0abc-def012345678", "xiaomi", true, 80, 30.0, NetworkType.WIFI, true, 5,
                ThermalStatus.NONE);
    }

    // ------------------------------------------------------------------------------------------------------ ramps

    /** One rate held for a while: what was offered, accepted, how fast, what failed, and the CPU it cost. */
    private record Step(Mode mode, double offered, double accepted, Latency latency, Latency late, long failed,
                        long notSent, String lastFailure, Map<String, Double> cpuSeconds, double seconds) {

        /** Every request answered in time, nothing refused, the p99 within the mode's bound. */
        boolean held() {
            return failed == 0 && notSent == 0 && accepted >= 0.98 * offered * mode.perRequest()
                    && latency.millis(99) <= mode.p99Millis;
        }

        /** Requests/s (single) or heartbeats/s (batch) accepted. */
        double rate() {
            return accepted;
        }

        String describe() {
            return String.format(Locale.ROOT, "offered %s requests/s: accepted %,.0f %s, p50 %.1f ms, p99 %.1f ms, "
                            + "p99.9 %.1f ms, sent late p99 %.1f ms%s%s", Results.format(offered), accepted, mode.unit,
                    latency.millis(50), latency.millis(99), latency.millis(99.9), late.millis(99), failed + notSent == 0 ? "" : String.format(Locale.ROOT,
                            ", %d failed, %d not sent (in-flight bound)%s", failed, notSent,
                            lastFailure == null ? "" : " (" + lastFailure + ")"), held() ? "" : " (not held)");
        }
    }

    /** Requests/s a ramp starts at. */
    private static double start(Mode mode) {
        return mode == Mode.batch ? 10 : 2_000;
    }

    private static double highest(Mode mode) {
        return mode == Mode.batch ? 1_000 : 128_000;
    }

    /** A warm-up, then {@link #repeats} ramps; the best step that held of each (or the least failed one, none held). */
    private List<Step> ramps(OwnPlatform platform, Admin admin, Generator generator, Target target, Mode mode,
                             double startRate) throws Exception {
        Bench.say(String.format(Locale.ROOT, "ingest: %s, %s, warming up at %,.0f requests/s", target.name, mode,
                startRate));
        step(platform, generator, target, mode, startRate, warmup());
        List<Step> best = new ArrayList<>();
        double from = startRate;
        for (int repeat = 1; repeat <= repeats; repeat++) {
            Step step = ramp(platform, admin, generator, target, mode, from, repeat);
            best.add(step);
            if (step.held()) {
                from = step.offered(); // the next repeat starts where this one ended
            }
        }
        return best;
    }

    /**
     * Doubles the offered rate while the steps hold, then bisects twice between the last held and the first not (not
     * when quick: a quarter of the rate was the finest step once, so 20,000 was never tried between 16,000 and
     * 24,000); a ramp whose first step does not hold halves the rate instead, down to an eighth (a quarter when quick).
     */
    private Step ramp(OwnPlatform platform, Admin admin, Generator generator, Target target, Mode mode, double from,
                      int repeat) throws Exception {
        Step best = null;
        Step lowest = null;
        double rate = from;
        double heldAt = Double.NaN;
        double failedAt = Double.NaN;
        int bisections = 0;
        while (rate <= highest(mode) && rate >= from / (quick ? 4 : 8)) {
            Step step = step(platform, generator, target, mode, rate, measure());
            Bench.say(String.format(Locale.ROOT, "ingest: %s, %s, repeat %d, %s", target.name, mode, repeat,
                    step.describe()));
            if (!step.held()) {
                settle(admin, target);
            }
            if (lowest == null || step.offered() < lowest.offered()) {
                lowest = step;
            }
            if (step.held()) {
                if (best == null || step.offered() > best.offered()) {
                    best = step;
                }
                heldAt = rate;
            } else if (Double.isNaN(heldAt)) {
                rate /= 2; // not even the start held: look below it
                continue;
            } else {
                failedAt = rate;
            }
            if (Double.isNaN(failedAt)) {
                rate *= 2;
            } else if (quick || bisections == BISECTIONS) {
                break;
            } else {
                bisections++;
                rate = (heldAt + failedAt) / 2;
            }
        }
        return best != null ? best : lowest;
    }

    /**
     * After a step device-registry did not keep up with: a few seconds for its Streams app to work off the backlog,
     * so that the next step is not measured against it (the lag run measures whether it keeps up).
     */
    private void settle(Admin admin, Target target) throws Exception {
        if (!target.topic.equals(Topics.DEVICES_HEARTBEATS.name())) {
            return; // the reference's topic has no reader
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(quick ? 3 : 5);
        while (Scale.lag(admin, "device-registry", Set.of(target.topic)) > 2 * BATCH && System.nanoTime() < deadline) {
            Thread.sleep(250);
        }
    }

    /**
     * Offers {@code rate} requests/s for {@code window}, open loop, then waits for every answer (or its timeout):
     * the requests due in the window, each timed from when it was due.
     */
    private Step step(OwnPlatform platform, Generator generator, Target target, Mode mode, double rate,
                      Duration window) throws Exception {
        Map<String, Double> cpuBefore = platform.cpuSeconds();
        long started = System.nanoTime();
        Generator.Tally tally = generator.offer(target, mode, rate, window);
        double seconds = window.toNanos() / 1e9;
        Map<String, Double> cpu = delta(cpuBefore, platform.cpuSeconds());
        double elapsed = (System.nanoTime() - started) / 1e9;
        return new Step(mode, rate, tally.accepted.sum() / seconds, tally.latency, tally.late, tally.failed.sum(),
                tally.notSent.sum(), tally.lastFailure.get(), cpu, elapsed);
    }

    private void report(double ceiling, Map<Mode, List<Step>> ours, Map<Mode, List<Step>> reference) {
        Step oursBatch = medianStep(ours.get(Mode.batch));
        Step referenceBatch = medianStep(reference.get(Mode.batch));
        double batch = median(ours.get(Mode.batch));
        double batchReference = median(reference.get(Mode.batch));
        boolean batchMet = batch >= 200_000 && batch >= 0.5 * ceiling;
        figures.add("2 Ingest (batch)", String.format(Locale.ROOT, "heartbeats accepted, most sustained at p99 ≤ %.0f ms"
                        + " (median of %d)", BATCH_P99_MS, repeats), batch, "hb/s", "≥ 200,000 and ≥ 0.5 × ceiling",
                batchMet, String.format(Locale.ROOT, "%s; %s × ceiling, %s × reference; %,d per request, gateway "
                                + "credential, open loop; %s", range(ours.get(Mode.batch)), ratio(batch, ceiling),
                        ratio(batch, batchReference), BATCH, detail(oursBatch)));
        double single = median(ours.get(Mode.single));
        double singleReference = median(reference.get(Mode.single));
        figures.add("2 Ingest (single)", String.format(Locale.ROOT, "requests accepted, most sustained at p99 ≤ %.0f ms"
                        + " (median of %d)", SINGLE_P99_MS, repeats), single, "req/s", "≥ 30,000 at p99 ≤ 50 ms",
                single >= 30_000, String.format(Locale.ROOT, "%s; %s × reference; one heartbeat per request with "
                        + "the phone's token, open loop; %s", range(ours.get(Mode.single)), ratio(single, singleReference),
                        detail(medianStep(ours.get(Mode.single)))));
        figures.add("2 Ingest (reference)", String.format(Locale.ROOT, "bare Vert.x + KafkaProducer, batch, most "
                        + "sustained at p99 ≤ %.0f ms (median of %d)", BATCH_P99_MS, repeats), batchReference, "hb/s",
                null, null, String.format(Locale.ROOT, "%s; %s × ceiling; the same bodies, written as posted to %s; %s",
                        range(reference.get(Mode.batch)), ratio(batchReference, ceiling), REFERENCE_TOPIC, detail(referenceBatch)));
        figures.add("2 Ingest (reference)", String.format(Locale.ROOT, "bare Vert.x + KafkaProducer, single, most "
                        + "sustained at p99 ≤ %.0f ms (median of %d)", SINGLE_P99_MS, repeats), singleReference, "req/s",
                null, null, String.format(Locale.ROOT, "%s; %s", range(reference.get(Mode.single)),
                        detail(medianStep(reference.get(Mode.single)))));
    }

    private static String ratio(double value, double of) {
        return of > 0 ? String.format(Locale.ROOT, "%.2f", value / of) : "n/a";
    }

    /** The rate a ramp sustained (0 when no step held). */
    private static double sustained(Step step) {
        return step.held() ? step.rate() : 0;
    }

    private static double median(List<Step> steps) {
        List<Double> rates = steps.stream().map(Ingest::sustained).sorted().toList();
        return rates.get(rates.size() / 2);
    }

    private static Step medianStep(List<Step> steps) {
        return steps.stream().sorted(java.util.Comparator.comparingDouble(Ingest::sustained)).toList()
                .get(steps.size() / 2);
    }

    private static String range(List<Step> steps) {
        List<Double> rates = steps.stream().map(Ingest::sustained).sorted().toList();
        return String.format(Locale.ROOT, "min %,.0f, max %,.0f", rates.get(0), rates.get(rates.size() - 1));
    }

    /** The median ramp's best step: its rate, latencies, failures, the generator's own lateness, CPU. */
    private static String detail(Step step) {
        // the generator's own lateness is in every latency (timed from the due time): when it is a good part of the
        // bound, the box starved the generator, and the figure says less about the endpoint
        String starved = step.late().millis(99) > 0.2 * step.mode().p99Millis
                ? " (over a fifth of the p99 bound: the generator was starved of CPU, a lower bound for the endpoint)" : "";
        return String.format(Locale.ROOT, "%s at %s requests/s: p50 %.1f ms, p99 %.1f ms, p99.9 %.1f ms%s; sent "
                        + "late by the generator p99 %.1f ms%s; CPU s in %.0f s: %s; load average %s",
                step.held() ? "held" : "none held, the lowest tried", Results.format(step.offered()), step.latency().millis(50),
                step.latency().millis(99), step.latency().millis(99.9), step.failed() + step.notSent() == 0 ? ""
                        : String.format(Locale.ROOT, ", %d failed, %d not sent", step.failed(), step.notSent()),
                step.late().millis(99), starved, step.seconds(), Jobs.cpu(step.cpuSeconds()), Bench.loadAverage());
    }

    // -------------------------------------------------------------------------------------------------------- lag

    /**
     * Whether the ramps' most sustained batch rate also holds for a minute with device-registry's Streams app keeping
     * up: a 5-s step can hold on the HTTP side while the Streams app falls behind, and the CPU it takes back later is
     * what the next steps pay. From that rate down by quarters (at most 3 windows, 1 quick) until a window holds (its
     * p99, nothing refused) and the lag does not grow; the figure is that window's rate (0 when none did).
     */
    private void lag(OwnPlatform platform, Admin admin, Generator generator, Target ours, List<Step> batchRamps)
            throws Exception {
        // the most sustained batch rate (one request a second if none held)
        double rate = Math.max(1, median(batchRamps) / BATCH);
        Minute minute = null;
        for (int window = 0; window < (quick ? 1 : 3); window++, rate *= 0.75) {
            minute = minute(platform, admin, generator, ours, rate, window + 1);
            if (minute == null || minute.held()) {
                break;
            }
        }
        if (minute == null) {
            return;
        }
        Step step = minute.step;
        figures.add("2 Ingest (batch, sustained)", String.format(Locale.ROOT, "heartbeats accepted over %.0f s of "
                        + "batches, the endpoint holding its p99 and the Streams app keeping up", step.seconds()),
                minute.held() ? step.accepted() : 0, "hb/s",
                "≥ 200,000", minute.held() && step.accepted() >= 200_000, String.format(Locale.ROOT, "offered %,.0f "
                        + "hb/s, accepted %,.0f; p50 %.1f ms, p99 %.1f ms, %d failed, %d not sent; %s, from the ramps' "
                        + "%,.0f hb/s down by quarters until a minute held (%d window(s))", step.offered() * BATCH,
                        step.accepted(), step.latency().millis(50), step.latency().millis(99), step.failed(),
                        step.notSent(), minute.held() ? "held" : "none held, the last tried",
                        median(batchRamps), minute.windows));
        figures.add("2 Ingest (lag)", String.format(Locale.ROOT, "device-registry's input lag, trend over %.0f s of "
                        + "batches at %,.0f hb/s", step.seconds(), step.offered() * BATCH), minute.slope, "rec/s",
                "not growing (trend ≤ 2 % of the rate)", !minute.growing(), String.format(Locale.ROOT, "lag first %,d, "
                                + "last %,d, max %,d (%d samples, group device-registry on %s); CPU s in %.0f s: %s",
                        minute.first, minute.last, minute.max, minute.samples, Topics.DEVICES_HEARTBEATS.name(),
                        step.seconds(), Jobs.cpu(step.cpuSeconds())));
    }

    /** A minute (15 s quick) of batches at {@code rate} requests/s, device-registry's input lag sampled each second. */
    private record Minute(Step step, long first, long last, long max, int samples, double slope, int windows) {

        /** Streams commits every 100 ms, so the lag wobbles by a commit's worth; growing means a trend over the run. */
        boolean growing() {
            return slope > 0.02 * step.offered() * BATCH;
        }

        boolean held() {
            return step.held() && !growing();
        }
    }

    /** Null when fewer than two lag samples were taken (said in the results). */
    private Minute minute(OwnPlatform platform, Admin admin, Generator generator, Target ours, double rate,
                          int windows) throws Exception {
        Set<String> input = Set.of(Topics.DEVICES_HEARTBEATS.name());
        Bench.say("ingest: waiting for device-registry to work off the heartbeats before it");
        long waitUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(quick ? 15 : 45);
        long backlog = Scale.lag(admin, "device-registry", input);
        while (backlog > 2 * BATCH && System.nanoTime() < waitUntil) {
            Thread.sleep(500);
            backlog = Scale.lag(admin, "device-registry", input);
        }
        Duration window = Duration.ofSeconds(quick ? 15 : 60);
        Bench.say(String.format(Locale.ROOT, "ingest: device-registry's lag during %d s of batches at %,.0f hb/s "
                + "(lag at the start %,d)", window.toSeconds(), rate * BATCH, backlog));
        List<long[]> samples = Collections.synchronizedList(new ArrayList<>());
        AtomicReference<Exception> sampleFailure = new AtomicReference<>();
        long started = System.nanoTime();
        Thread sampler = new Thread(() -> {
            try (Admin own = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, platform.bootstrap()))) {
                while (System.nanoTime() - started < window.toNanos()) {
                    long at = System.nanoTime();
                    long lag = Scale.lag(own, "device-registry", input);
                    if (lag != Long.MAX_VALUE) { // no offsets committed yet
                        samples.add(new long[] {(at - started) / 1_000_000, lag});
                    }
                    Thread.sleep(Math.max(0, 1000 - (System.nanoTime() - at) / 1_000_000));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception e) {
                sampleFailure.set(e);
            }
        }, "bench-lag-sampler");
        sampler.start();
        Step step = step(platform, generator, ours, Mode.batch, rate, window);
        sampler.join(10_000);
        List<long[]> lags = new ArrayList<>(samples);
        if (lags.size() < 2) {
            figures.add("2 Ingest (lag)", "device-registry's input lag", Double.NaN, "rec", "not growing", false,
                    "fewer than two samples" + (sampleFailure.get() == null ? "" : ": " + sampleFailure.get()));
            return null;
        }
        Minute minute = new Minute(step, lags.get(0)[1], lags.get(lags.size() - 1)[1],
                lags.stream().mapToLong(s -> s[1]).max().orElse(0), lags.size(), slope(lags), windows);
        Bench.say(String.format(Locale.ROOT, "ingest: accepted %,.0f hb/s, p99 %.1f ms, lag trend %.1f rec/s (%s)",
                step.accepted(), step.latency().millis(99), minute.slope, minute.held() ? "held" : "not held"));
        return minute;
    }

    /** Least-squares slope of lag over time, records per second. */
    private static double slope(List<long[]> samples) {
        double n = samples.size();
        double meanT = samples.stream().mapToDouble(s -> s[0] / 1000.0).sum() / n;
        double meanL = samples.stream().mapToDouble(s -> s[1]).sum() / n;
        double cov = 0;
        double var = 0;
        for (long[] s : samples) {
            double t = s[0] / 1000.0 - meanT;
            cov += t * (s[1] - meanL);
            var += t * t;
        }
        return var == 0 ? 0 : cov / var;
    }

    // ------------------------------------------------------------------------------------------------------ shared

    /** The sum of a topic's end offsets. */
    private static long endOffsets(Admin admin, String topic) throws Exception {
        Map<TopicPartition, OffsetSpec> latest = new LinkedHashMap<>();
        admin.describeTopics(List.of(topic)).allTopicNames().get(10, TimeUnit.SECONDS).get(topic).partitions()
                .forEach(p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
        return admin.listOffsets(latest).all().get(10, TimeUnit.SECONDS).values().stream()
                .mapToLong(info -> info.offset()).sum();
    }

    private static Map<String, Double> delta(Map<String, Double> before, Map<String, Double> after) {
        Map<String, Double> used = new LinkedHashMap<>();
        after.forEach((process, total) -> used.put(process, total - before.getOrDefault(process, 0.0)));
        return used;
    }

    private Duration warmup() {
        return Duration.ofSeconds(quick ? 2 : 5);
    }

    private Duration measure() {
        return Duration.ofSeconds(quick ? 2 : 5);
    }

    private Duration timeout() {
        return Duration.ofSeconds(quick ? 5 : 10);
    }

    // ------------------------------------------------------------------------------------------------ the generator

    /**
     * The load generator: {@link #LANES} Vert.x event loops, each with its own HTTP/1.1 client (keep-alive, at most
     * {@link #CONNECTIONS_PER_LANE} connections per endpoint, no pipelining). A lane sends its share of the rate from
     * a 1 ms timer: every request whose due time has come goes out, stamped with that due time, so a late timer or a
     * slow answer never moves a request's clock. A lane holds at most a second of its rate in flight; beyond that a
     * request is counted as not sent (the step cannot hold).
     */
    private static final class Generator implements AutoCloseable {

        /** What the requests of one step came to. */
        static final class Tally {
            final Latency latency = new Latency();
            final Latency late = new Latency();
            final LongAdder accepted = new LongAdder();
            final LongAdder failed = new LongAdder();
            final LongAdder notSent = new LongAdder();
            final AtomicReference<String> lastFailure = new AtomicReference<>();
        }

        private final EventLoops loops;
        private final List<Lane> lanes = new ArrayList<>();
        /** Per target: a request (options and body) per phone for single, and a few batches of 1,000 phones. */
        private final Map<Target, List<RequestOptions>> singleOptions = new LinkedHashMap<>();
        private final Map<Target, RequestOptions> batchOptions = new LinkedHashMap<>();
        private final List<Buffer> singleBodies = new ArrayList<>();
        private final List<Buffer> batchBodies = new ArrayList<>();
        private final long timeoutMillis;

        Generator(List<Platform.Registered> phones, List<Target> targets, Duration timeout) throws Exception {
            this.timeoutMillis = timeout.toMillis();
            ObjectNode beat = Json.MAPPER.createObjectNode().put("charging", true).put("batteryPct", 80)
                    .put("batteryTempC", 30.0).put("network", "WIFI").put("screenOff", true).put("cpuLoadPct", 5)
                    .put("thermalStatus", "NONE");
            Buffer single = Buffer.buffer(Json.MAPPER.writeValueAsBytes(beat));
            for (int i = 0; i < phones.size(); i++) {
                singleBodies.add(single);
            }
            // enough different batches that each phone is in one: 1,000 items, phones in turn
            int batches = Math.max(1, (phones.size() + BATCH - 1) / BATCH);
            for (int b = 0; b < batches; b++) {
                ObjectNode body = Json.MAPPER.createObjectNode();
                ArrayNode items = body.putArray("heartbeats");
                for (int i = 0; i < BATCH; i++) {
                    items.add(beat.deepCopy().put("deviceId", phones.get((b * BATCH + i) % phones.size()).deviceId()));
                }
                batchBodies.add(Buffer.buffer(Json.MAPPER.writeValueAsBytes(body)));
            }
            for (Target target : targets) {
                List<RequestOptions> options = new ArrayList<>();
                for (Platform.Registered phone : phones) {
                    options.add(options(target, "/api/v1/devices/" + phone.deviceId() + "/heartbeats", phone.token()));
                }
                singleOptions.put(target, options);
                batchOptions.put(target, options(target, "/api/v1/heartbeats", GATEWAY));
            }
            loops = new EventLoops(LANES, CONNECTIONS_PER_LANE, timeout);
            for (int i = 0; i < LANES; i++) {
                lanes.add(new Lane(i));
            }
        }

        private RequestOptions options(Target target, String path, String token) {
            return new RequestOptions().setMethod(HttpMethod.POST).setHost(target.host).setPort(target.port)
                    .setURI(path).putHeader("Content-Type", "application/json")
                    .putHeader("Authorization", "Bearer " + token)
                    .setConnectTimeout(timeoutMillis).setIdleTimeout(timeoutMillis);
        }

        int bodies() {
            return singleBodies.size() + batchBodies.size();
        }

        /** Offers {@code rate} requests/s to {@code target} for {@code window}; returns once all are answered. */
        Tally offer(Target target, Mode mode, double rate, Duration window) throws InterruptedException {
            Tally tally = new Tally();
            long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(5);
            long end = start + window.toNanos();
            long interval = (long) (1e9 * LANES / rate);
            CountDownLatch done = new CountDownLatch(LANES);
            for (int i = 0; i < LANES; i++) {
                // the lanes interleave: lane i's requests are due at start + (i + k × LANES) / rate
                lanes.get(i).offer(new Plan(target, mode, tally, start + (long) (1e9 * i / rate), end, interval,
                        Math.max(32, (int) (rate / LANES))), done);
            }
            if (!done.await(window.toMillis() + timeoutMillis + 10_000, TimeUnit.MILLISECONDS)) {
                tally.lastFailure.set("answers still outstanding after the timeout");
                tally.failed.increment();
            }
            return tally;
        }

        /** Waits until no request of any lane is in flight. */
        void awaitIdle(Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (lanes.stream().anyMatch(lane -> lane.inFlight > 0) && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
        }

        private record Plan(Target target, Mode mode, Generator.Tally tally, long firstDue, long end, long interval,
                            int maxInFlight) {
        }

        /** One event loop's share of the load. */
        private final class Lane {
            private final Context context;
            private final int index;
            private final HttpClient client;
            /** Only touched on the lane's event loop (volatile for {@link #awaitIdle}'s look). */
            private volatile int inFlight;
            private int next;

            Lane(int index) {
                this.index = index;
                this.context = loops.context(index);
                this.client = loops.client(index);
            }

            void offer(Plan plan, CountDownLatch done) {
                context.runOnContext(v -> {
                    long[] due = {plan.firstDue()};
                    int[] outstanding = {0};
                    boolean[] sending = {true};
                    Runnable finish = () -> {
                        if (!sending[0] && outstanding[0] == 0) {
                            done.countDown();
                        }
                    };
                    loops.vertx().setPeriodic(1, timer -> {
                        long now = System.nanoTime();
                        while (due[0] <= now && due[0] < plan.end()) {
                            long at = due[0];
                            due[0] += plan.interval();
                            if (outstanding[0] >= plan.maxInFlight()) {
                                plan.tally().notSent.increment();
                                continue;
                            }
                            outstanding[0]++;
                            inFlight++;
                            plan.tally().late.record(at); // how late it goes out
                            send(plan, at, () -> {
                                outstanding[0]--;
                                inFlight--;
                                finish.run();
                            });
                        }
                        if (due[0] >= plan.end()) {
                            loops.vertx().cancelTimer(timer);
                            sending[0] = false;
                            finish.run();
                        }
                    });
                });
            }

            private void send(Plan plan, long due, Runnable answered) {
                Tally tally = plan.tally();
                RequestOptions options;
                Buffer body;
                int count = next++ & Integer.MAX_VALUE;
                if (plan.mode() == Mode.batch) {
                    options = batchOptions.get(plan.target());
                    body = batchBodies.get(count % batchBodies.size());
                } else {
                    List<RequestOptions> perPhone = singleOptions.get(plan.target());
                    // lanes take different phones: a lane's requests go to phones i, i + LANES, …
                    int phone = (int) ((count * (long) LANES + index) % perPhone.size());
                    options = perPhone.get(phone);
                    body = singleBodies.get(phone);
                }
                client.request(options)
                        .compose(request -> request.send(body))
                        .compose(response -> response.body().map(answer -> accepted(plan.mode(), response, answer)))
                        .onComplete(result -> {
                            if (result.succeeded() && result.result() > 0) {
                                tally.latency.record(due);
                                tally.accepted.add(result.result());
                                plan.target().accepted.add(result.result());
                            } else {
                                tally.failed.increment();
                                if (result.failed()) {
                                    plan.target().givenUp.add(plan.mode().perRequest());
                                }
                                tally.lastFailure.set(result.failed() ? String.valueOf(result.cause())
                                        : "refused: " + (-result.result()));
                            }
                            answered.run();
                        });
            }

            /** Heartbeats accepted by an answer (single: 202; batch: its "accepted" count), or minus the status. */
            private static int accepted(Mode mode, HttpClientResponse response, Buffer answer) {
                int status = response.statusCode();
                if (mode == Mode.single) {
                    return status == 202 ? 1 : -status;
                }
                if (status != 200 && status != 202) {
                    return -status;
                }
                // {"accepted":N,…} first: read N without parsing the whole answer
                String head = answer.getString(0, Math.min(answer.length(), 64));
                int at = head.indexOf("\"accepted\":");
                if (at < 0) {
                    return -status;
                }
                int from = at + "\"accepted\":".length();
                int to = from;
                while (to < head.length() && Character.isDigit(head.charAt(to))) {
                    to++;
                }
                int count = Integer.parseInt(head.substring(from, to));
                return count > 0 ? count : -status;
            }
        }

        @Override
        public void close() throws Exception {
            loops.close();
        }
    }
}
