package io.nhp.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nhp.contracts.serde.Json;
import io.nhp.embeddings.MiniLm;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Scenario 7: OpenAI-compatible embeddings end to end. On a platform of its own (fresh broker, pricing-service,
 * device-registry and job-broker on free ports) with four reference phone agents (Xiaomi's phones, up to 8 leases
 * per exchange, computed in turn), for 1 and for 32 inputs per request: the most {@code POST /v1/embeddings} sustains (closed loop); then, the platform idle, the
 * in-process model alone in this JVM, computing a request's inputs as the agents do (each twice, on as many threads
 * as agents get work); then an open-loop load at half the max, where routing overhead = end to end − compute alone,
 * at p50 and at p99.
 */
final class Embeddings {

    private static final String PARTNER_TOKEN = "dev-xiaomi-token";
    private static final List<String> SERVICES = List.of("pricing-service", "device-registry", "job-broker");
    private static final int AGENTS = 4;
    /**
     * Leases an agent takes per exchange, computing them in turn, as a phone that queues its work (job-broker's
     * {@code max-leases-per-device} is set to it here): a request's inputs reach the agents in a few rounds, not one
     * device round per input.
     */
    private static final int LEASES_PER_AGENT = 8;
    /** How many phones compute each input: job-broker's {@code nhp.embeddings.redundancy}. */
    private static final int REDUNDANCY = 2;
    private static final double OVERHEAD_TARGET_MS = 25;
    /** job-broker's own timers, printed beside the half load: where the time between request and answer went. */
    private static final List<String> BROKER_TIMES = List.of("nhp_jobs_assign", "nhp_jobs_device_round",
            "nhp_jobs_device_claimed", "nhp_jobs_complete", "nhp_jobs_durable_wait", "nhp_jobs_commit");
    /** Sentences of the lengths people embed (10–30 tokens); a counter makes every input distinct. */
    private static final List<String> SENTENCES = List.of(
            "Phones compute embeddings while their owners sleep.",
            "The battery is charging and the screen is off, so the phone may work.",
            "A partner pays for the compute its own customers' phones contribute overnight.",
            "Kafka keeps every job's state, so a restarted broker loses nothing.",
            "Two phones of different owners must agree on a vector before it is accepted.",
            "What the phones do not answer in time, the cloud computes instead.",
            "Quantised models are faster, but their vectors differ from one runtime to another.",
            "Xiaomi's phones in India sleep from midnight to six in the morning, local time.");

    private final Results figures;
    private final boolean quick;
    private final Path dir;
    private final AtomicLong counter = new AtomicLong();

    Embeddings(Results figures, boolean quick, Path dir) {
        this.figures = figures;
        this.quick = quick;
        this.dir = dir;
    }

    /** Compute time of one request's inputs by the in-process model alone. */
    private record Compute(int inputs, Latency latency, double inputsPerSecond) {
    }

    /** What a load of requests got: latencies, answers by who served them, failures. */
    private static final class Outcome {
        final Latency latency = new Latency();
        final Map<String, LongAdder> servedBy = new ConcurrentHashMap<>();
        final LongAdder ok = new LongAdder();
        final LongAdder failed = new LongAdder();
        final AtomicLong lastAnswer = new AtomicLong();
        volatile String lastFailure = "";

        String shares() {
            long all = ok.sum();
            StringBuilder text = new StringBuilder();
            for (String who : List.of("phones", "mixed", "cloud")) {
                long n = servedBy.getOrDefault(who, new LongAdder()).sum();
                text.append(text.length() == 0 ? "" : ", ").append(who).append(' ')
                        .append(all == 0 ? "–" : String.format(Locale.ROOT, "%.0f %%", 100.0 * n / all));
            }
            return text.toString();
        }
    }

    void run() throws Exception {
        Bench.say("embeddings: loading the in-process model, to time it alone beside the platform");
        try (MiniLm model = MiniLm.load()) {
            run(model);
        }
    }

    private void run(MiniLm model) throws Exception {
        Bench.say("embeddings: a platform of its own on free ports (broker, pricing-service, device-registry, "
                + "job-broker) and " + AGENTS + " device agents");
        try (OwnPlatform platform = OwnPlatform.start(dir, SERVICES,
                Map.of("job-broker", List.of("-Dnhp.jobs.max-leases-per-device=" + LEASES_PER_AGENT)))) {
            Bench.say("embeddings: services ready; starting the agents");
            platform.startAgents(AGENTS, LEASES_PER_AGENT);
            platform.awaitEligible(AGENTS, Duration.ofSeconds(120),
                    "agents (" + platform.dir().resolve("logs/device-agent.log") + ")");
            Bench.say("embeddings: " + AGENTS + " agents eligible; warming up");
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(5)).executor(Executors.newFixedThreadPool(4)).build();
            URI endpoint = platform.url("job-broker").resolve("/v1/embeddings");
            // warm the path: the fallback's model and the phones' first jobs
            closedLoop(http, endpoint, 1, 2, Duration.ofSeconds(quick ? 3 : 5));
            awaitDrained(platform);
            for (int inputs : List.of(1, 32)) {
                measure(platform, http, endpoint, inputs, model);
            }
        }
    }

    /**
     * The phones' compute for one request as the agents do it on this box: every input embedded {@link #REDUNDANCY}
     * times (two phones must agree), one input at a time per agent, the agents at once (as many threads as agents
     * get work); timed from the first embed to the last, back to back. The agents are separate phones in the field;
     * here they share the two cores, so two agents computing the same input take about twice one embed alone — that
     * is compute, not routing. The platform is idle meanwhile.
     */
    private Compute compute(MiniLm model, int inputs) throws Exception {
        int embeds = inputs * REDUNDANCY;
        int threads = Math.min(AGENTS, embeds);
        Latency latency = new Latency();
        long warmEnd = System.nanoTime() + TimeUnit.SECONDS.toNanos(quick ? 1 : 2);
        long end = warmEnd + TimeUnit.SECONDS.toNanos(quick ? 3 : 10);
        long computed = 0;
        ExecutorService agents = Executors.newFixedThreadPool(threads);
        try {
            while (System.nanoTime() < end) {
                List<String> texts = texts(inputs);
                List<Callable<Void>> shares = new ArrayList<>(threads);
                for (int t = 0; t < threads; t++) {
                    int first = t;
                    shares.add(() -> {
                        for (int e = first; e < embeds; e += threads) { // an agent's leases, in turn
                            model.embed(texts.get(e % inputs));
                        }
                        return null;
                    });
                }
                long start = System.nanoTime();
                for (Future<Void> share : agents.invokeAll(shares)) {
                    share.get();
                }
                if (start >= warmEnd) {
                    latency.record(start);
                    computed += inputs;
                }
            }
        } finally {
            agents.shutdownNow();
        }
        double rate = computed / ((end - warmEnd) / 1e9);
        figures.add("7 Embeddings", "compute alone, " + inputs + " input" + (inputs == 1 ? "" : "s")
                + " (in-process model), p50", latency.millis(50), "ms", null, null, String.format(Locale.ROOT,
                "p99 %.1f ms; %d embeds on %d threads at once, as %d agents compute a request here (redundancy %d); "
                        + "%,.0f inputs/s; MiniLm.embed in this JVM; load average %s", latency.millis(99), embeds,
                threads, AGENTS, REDUNDANCY, rate, Bench.loadAverage()));
        return new Compute(inputs, latency, rate);
    }

    /** The most it sustains (closed loop), then half of that, open loop: end to end, served by, overhead. */
    private void measure(OwnPlatform platform, HttpClient http, URI endpoint, int inputs, MiniLm model)
            throws Exception {
        int clients = inputs == 1 ? 8 : 2;
        String label = inputs + " input" + (inputs == 1 ? "" : "s") + " per request";
        Bench.say("embeddings: " + label + ", closed loop with " + clients + " clients (the most it sustains)");
        Map<String, Double> cpuBefore = platform.cpuSeconds();
        // a 32-input request takes seconds: a longer measure for a rate worth reading
        Duration measure = Duration.ofSeconds(inputs == 1 ? quick ? 6 : 20 : quick ? 8 : 40);
        closedLoop(http, endpoint, inputs, clients, Duration.ofSeconds(quick ? 2 : 5)); // warm-up
        long started = System.nanoTime();
        Outcome max = closedLoop(http, endpoint, inputs, clients, measure);
        // over the time until the last answer: a 32-input request may take longer than a quick run's window
        double seconds = (max.lastAnswer.get() - started) / 1e9;
        double maxRate = max.ok.sum() == 0 ? 0 : max.ok.sum() / seconds;
        figures.add("7 Embeddings", "max sustained, " + label, maxRate, "req/s", null, null,
                String.format(Locale.ROOT, "%.1f inputs/s; closed loop, %d clients, %d answered in %d s; p50 %.1f ms, "
                                + "p99 %.1f ms; served by %s; %d failed%s", maxRate * inputs, clients, max.ok.sum(),
                        Math.round(seconds), max.latency.millis(50), max.latency.millis(99), max.shares(),
                        max.failed.sum(), failure(max)));
        if (maxRate == 0) {
            throw new IllegalStateException("no embeddings request succeeded: " + max.lastFailure + " (logs in "
                    + platform.dir().resolve("logs") + ")");
        }
        // jobs the fallback answered stay queued for the phones: let them work those off first
        awaitDrained(platform);
        // the model alone right before the half load, the platform idle: on a shared machine, compute and end to end
        // must be measured minutes apart at most to be subtracted
        Bench.say("embeddings: the in-process model alone, " + label);
        Compute compute = compute(model, inputs);

        double rate = maxRate / 2;
        // enough requests for a p99 worth reading, within a bound: 32 inputs may sustain well under 1 request/s
        Duration halfMeasure = Duration.ofNanos((long) Math.min(Math.max(measure.toNanos(),
                (quick ? 8 : 40) / rate * 1e9), TimeUnit.SECONDS.toNanos(quick ? 12 : 150)));
        Bench.say(String.format(Locale.ROOT, "embeddings: %s, open loop at half load (%.2f req/s for %d s)", label,
                rate, halfMeasure.toSeconds()));
        ServiceHistograms brokerTimes = new ServiceHistograms(platform.url("job-broker"), BROKER_TIMES);
        ServiceHistograms.Snapshot brokerBefore = brokerTimes.read();
        Outcome half = openLoop(http, endpoint, inputs, rate, halfMeasure);
        ServiceHistograms.Snapshot broker = brokerTimes.read().since(brokerBefore);
        Map<String, Double> cpuAfter = platform.cpuSeconds();
        double p50 = half.latency.millis(50) - compute.latency().millis(50);
        double p99 = half.latency.millis(99) - compute.latency().millis(99);
        figures.add("7 Embeddings", "end to end p99 at half load, " + label, half.latency.millis(99), "ms", null,
                null, String.format(Locale.ROOT, "%.2f req/s offered (open loop), %.1f inputs/s; %d answered; "
                                + "p50 %.1f ms; served by %s; %d failed%s; load average %s; job-broker's own: %s",
                        rate, rate * inputs, half.ok.sum(), half.latency.millis(50), half.shares(), half.failed.sum(),
                        failure(half), Bench.loadAverage(), broker.describe(BROKER_TIMES)));
        // below zero the difference measures no overhead (the platform's timing differed from the idle run's)
        figures.add("7 Embeddings", "routing overhead p99 at half load, " + label, p99, "ms",
                "≤ 25 ms", p99 < 0 ? null : p99 <= OVERHEAD_TARGET_MS, String.format(Locale.ROOT,
                        "end to end − compute alone: p50 %.1f − %.1f = %.1f ms; p99 %.1f − %.1f ms%s",
                        half.latency.millis(50), compute.latency().millis(50), p50, half.latency.millis(99),
                        compute.latency().millis(99), p99 < 0 ? "; negative: end to end beat the compute alone, no "
                                + "verdict" : ""));
        StringBuilder cpu = new StringBuilder();
        double total = 0;
        for (Map.Entry<String, Double> process : cpuAfter.entrySet()) {
            double used = process.getValue() - cpuBefore.getOrDefault(process.getKey(), 0.0);
            total += used;
            cpu.append(cpu.length() == 0 ? "" : ", ").append(process.getKey())
                    .append(String.format(Locale.ROOT, " %.1f", used));
        }
        figures.add("7 Embeddings", "CPU seconds during the " + label + " runs", total, "s", null, null,
                cpu + " (warm-up, max, drain and half load)");
    }

    private static String failure(Outcome outcome) {
        return outcome.failed.sum() == 0 ? "" : " (last: " + outcome.lastFailure + ")";
    }

    /** {@code clients} threads sending back to back for {@code duration}; the requests under way are answered. */
    private Outcome closedLoop(HttpClient http, URI endpoint, int inputs, int clients, Duration duration)
            throws InterruptedException {
        Outcome outcome = new Outcome();
        long end = System.nanoTime() + duration.toNanos();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        for (int c = 0; c < clients; c++) {
            pool.submit(() -> {
                while (System.nanoTime() < end) {
                    long start = System.nanoTime();
                    try {
                        record(outcome, http.send(request(endpoint, inputs), HttpResponse.BodyHandlers.ofString()),
                                inputs, start);
                    } catch (IOException e) {
                        outcome.failed.increment();
                        outcome.lastFailure = e.toString();
                    }
                }
                return null;
            });
        }
        pool.shutdown();
        pool.awaitTermination(duration.toSeconds() + 120, TimeUnit.SECONDS);
        return outcome;
    }

    /**
     * Requests at {@code rate} per second at fixed intervals whatever the answers (open loop), each timed from when
     * it was due, so that a slow answer delays no later measurement (no coordinated omission).
     */
    private Outcome openLoop(HttpClient http, URI endpoint, int inputs, double rate, Duration duration)
            throws InterruptedException {
        Outcome outcome = new Outcome();
        long interval = (long) (1e9 / rate);
        long count = Math.max(1, (long) (duration.toNanos() / (double) interval));
        CountDownLatch answered = new CountDownLatch((int) count);
        long first = System.nanoTime();
        for (long i = 0; i < count; i++) {
            long due = first + i * interval;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            http.sendAsync(request(endpoint, inputs), HttpResponse.BodyHandlers.ofString()).whenComplete((response, e) -> {
                if (e != null) {
                    outcome.failed.increment();
                    outcome.lastFailure = e.toString();
                } else {
                    record(outcome, response, inputs, due);
                }
                answered.countDown();
            });
        }
        if (!answered.await(120, TimeUnit.SECONDS)) {
            Bench.say("embeddings: " + answered.getCount() + " requests unanswered after 120 s");
        }
        return outcome;
    }

    private static void record(Outcome outcome, HttpResponse<String> response, int inputs, long start) {
        double millis = (System.nanoTime() - start) / 1e6; // before reading the body: the client's parse is not ours
        if (response.statusCode() != 200) {
            outcome.failed.increment();
            outcome.lastFailure = response.statusCode() + " " + response.body();
            return;
        }
        try {
            // the answer must be whole: one vector per input
            if (Json.MAPPER.readTree(response.body()).path("data").size() != inputs) {
                throw new IOException("not " + inputs + " vectors");
            }
        } catch (IOException e) {
            outcome.failed.increment();
            outcome.lastFailure = "unreadable answer: " + e.getMessage();
            return;
        }
        outcome.latency.recordMillis(millis); // only whole answers are timed
        outcome.ok.increment();
        outcome.lastAnswer.accumulateAndGet(System.nanoTime(), Math::max);
        outcome.servedBy.computeIfAbsent(response.headers().firstValue("x-nhp-served-by").orElse("?"),
                who -> new LongAdder()).increment();
    }

    /** The request a partner's backend sends: base64 as the official SDKs ask by default, the default budget. */
    private HttpRequest request(URI endpoint, int inputs) {
        ObjectNode body = Json.MAPPER.createObjectNode().put("model", MiniLm.MODEL_ID).put("encoding_format", "base64");
        if (inputs == 1) {
            body.put("input", texts(1).get(0));
        } else {
            texts(inputs).forEach(body.putArray("input")::add);
        }
        return HttpRequest.newBuilder(endpoint).header("Authorization", "Bearer " + PARTNER_TOKEN)
                .header("Content-Type", "application/json").timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build();
    }

    private List<String> texts(int count) {
        List<String> texts = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            long n = counter.incrementAndGet();
            texts.add(SENTENCES.get((int) (n % SENTENCES.size())) + " (" + n + ")");
        }
        return texts;
    }

    /**
     * Until job-broker's queue for Xiaomi is empty: jobs the fallback served stay queued for the phones (by design,
     * for now), and a measurement started behind them would time the backlog, not the path.
     */
    private void awaitDrained(OwnPlatform platform) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        URI metrics = platform.url("job-broker").resolve("/q/metrics");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(quick ? 45 : 120);
        int emptyReadings = 0;
        while (emptyReadings < 2) { // the gauge is refreshed every few seconds: two readings a refresh apart
            String text = http.send(HttpRequest.newBuilder(metrics).build(), HttpResponse.BodyHandlers.ofString()).body();
            double queued = 0;
            for (String line : text.split("\n")) {
                if (line.startsWith("nhp_jobs_queue_depth") && line.contains("partner=\"xiaomi\"")) {
                    queued += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                }
            }
            emptyReadings = queued == 0 ? emptyReadings + 1 : 0;
            if (System.nanoTime() > deadline) {
                Bench.say(String.format(Locale.ROOT, "embeddings: %.0f jobs still queued for the phones; measuring anyway",
                        queued));
                return;
            }
            Thread.sleep(emptyReadings == 0 ? 1000 : 3000);
        }
    }
}
