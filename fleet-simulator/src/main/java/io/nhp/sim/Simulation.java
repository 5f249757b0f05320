package io.nhp.sim;

import io.nhp.agent.compute.EmbeddingCompute;
import io.nhp.agent.compute.Output;
import io.nhp.agent.compute.Work;
import io.nhp.agent.protocol.CallFailed;
import io.nhp.agent.protocol.Exchanged;
import io.nhp.agent.protocol.Lease;
import io.nhp.agent.protocol.LeaseResult;
import io.nhp.agent.protocol.PlatformClient;
import io.nhp.agent.protocol.Result;
import io.nhp.embeddings.MiniLm;
import io.nhp.sim.model.FleetPlan;
import io.nhp.sim.model.FleetPlan.Behaviour;
import io.nhp.sim.model.PhoneState;
import io.nhp.sim.model.SimClock;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Plays a fleet against the platform: registers every phone, posts heartbeats as each phone's night unfolds (on a
 * change of state, at most as often as device-registry allows, and at least at the interval it asks for), lets
 * eligible phones take jobs, "compute" them for as long as the task takes on their TOPS and hand results back
 * (faulty phones fail or go silent, dishonest ones return a wrong hash), and submits the partner's demand. An
 * {@code embeddings} lease is answered with the real all-MiniLM-L6-v2 vector of its input (a wrong one from a
 * dishonest phone, which agreement then catches): see {@link EmbeddingAnswers}.
 */
public final class Simulation {

    /** device-registry accepts 10 heartbeats a minute per device: never closer than this. */
    static final Duration MIN_BEAT_GAP = Duration.ofMillis(6_500);
    static final DateTimeFormatter HH_MM = DateTimeFormatter.ofPattern("HH:mm");
    /** The task type of the demand sent as the partner's OpenAI-compatible requests, not as jobs. */
    static final String EMBEDDINGS = "embeddings";
    /** How long {@link #run()} waits, once stopped, for workers to answer the leases they hold. */
    static final Duration FINISH_WORK_IN_HAND = Duration.ofSeconds(30);

    /** A registered phone and what it last told the platform. */
    static final class Device {
        final FleetPlan.Phone phone;
        final String deviceId;
        final String token;
        volatile int intervalSeconds;
        volatile Instant lastBeat = Instant.EPOCH;
        volatile Instant nextBeat = Instant.EPOCH;
        volatile PhoneState reported;
        final AtomicBoolean computing = new AtomicBoolean();

        Device(FleetPlan.Phone phone, Platform.Registered registered) {
            this.phone = phone;
            this.deviceId = registered.deviceId();
            this.token = registered.token();
            this.intervalSeconds = registered.heartbeatIntervalSeconds();
        }
    }

    private final Options options;
    private final Platform platform;
    /** The phones' side of job-broker: the exchange, as the reference agent speaks it. */
    private final PlatformClient broker;
    private final SimClock clock;
    private final Stats stats = new Stats();
    private final List<Device> devices = new ArrayList<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final ScheduledExecutorService ticks = Executors.newScheduledThreadPool(2);
    private final Random demandRandom;
    /** Loaded in the background from the start (seconds), so that the first embeddings leases meet their budget. */
    private final CompletableFuture<EmbeddingCompute> model;
    private final EmbeddingAnswers embeddings;
    private ExecutorService workers;
    /** The partner's synchronous requests (each waits up to its latency budget): never on the demand tick. */
    private final ExecutorService requests = Executors.newFixedThreadPool(4);
    private Map<String, Double> taskGpuSeconds;
    private double h100Tops;
    /** The partner's AI requests a day (its profile's services). */
    private double dailyRequests;

    public Simulation(Options options) {
        this.options = options;
        this.platform = new Platform(options.urls(), options.partnerKey());
        this.broker = new PlatformClient(options.urls().registry(), options.urls().broker());
        this.clock = new SimClock(options.speed(), Instant.now(), options.startLocalTime());
        this.demandRandom = new Random(options.seed() ^ 0x5DEECE66DL);
        this.model = CompletableFuture.supplyAsync(() -> new EmbeddingCompute(MiniLm.load()),
                runnable -> new Thread(runnable, "load-" + MiniLm.MODEL_ID).start());
        this.embeddings = new EmbeddingAnswers(model);
    }

    public Stats stats() {
        return stats;
    }

    /** Runs until {@link #stop()} or the configured duration. */
    public void run() throws InterruptedException {
        var profile = platform.partnerProfile(options.partner());
        profile.path("ai_services").forEach(service -> dailyRequests += service.path("daily_requests").asDouble());
        taskGpuSeconds = platform.taskGpuSeconds();
        h100Tops = platform.constant("h100_tops");
        List<FleetPlan.Phone> plan = FleetPlan.draw(options.partner(), profile, options.devices(),
                options.marketWeights(), options.faulty(), options.dishonest(), options.seed());
        register(plan);
        ticks.scheduleAtFixedRate(guard(this::heartbeats), 0, 1, TimeUnit.SECONDS);
        ticks.scheduleAtFixedRate(guard(this::demand), 0, 1, TimeUnit.SECONDS);
        workers = Executors.newFixedThreadPool(options.workers());
        for (int i = 0; i < options.workers(); i++) {
            long seed = options.seed() * 31 + i;
            workers.submit(() -> compute(new Random(seed)));
        }
        Console console = new Console(stats, options);
        Instant end = options.duration() == null ? Instant.MAX : Instant.now().plus(options.duration());
        while (running.get() && Instant.now().isBefore(end)) {
            console.progress(devices.size(), clock.minuteFromNoon(Instant.now(), java.time.ZoneOffset.UTC));
            Thread.sleep(1000);
        }
        stop();
        workers.shutdown(); // stop() may have come before the workers started
        // a phone's poll still open when it stops is answered by the broker, maybe with a lease: the phone computes
        // and answers it as a real phone finishes the work in hand (abandoned, it would hold a job until it expires)
        workers.awaitTermination(FINISH_WORK_IN_HAND.toSeconds(), TimeUnit.SECONDS);
        console.summary();
    }

    /**
     * Stops polling for jobs, beating and submitting; workers finish the poll and the job in hand ({@link #run()}
     * returns once they have). Safe to call twice.
     */
    public void stop() {
        if (running.compareAndSet(true, false)) {
            ticks.shutdownNow();
            requests.shutdownNow();
            if (workers != null) {
                workers.shutdown();
            }
        }
    }

    private void register(List<FleetPlan.Phone> plan) throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(16, Math.max(1, plan.size())));
        for (FleetPlan.Phone phone : plan) {
            pool.submit(() -> {
                for (int attempt = 0; running.get(); attempt++) {
                    try {
                        String[] hours = activeHours(phone.zone());
                        Device device = new Device(phone, platform.register(phone.partner(), phone.model(),
                                phone.market(), phone.ownerId(), phone.zone().getId(), hours[0], hours[1]));
                        synchronized (devices) {
                            devices.add(device);
                        }
                        stats.registered.incrementAndGet();
                        return;
                    } catch (Platform.Refused e) {
                        if (e.status != 503 && e.status != 0 || attempt > 120) { // 503: reference data still loading
                            error("register", e);
                            return;
                        }
                        sleep(Duration.ofMillis(500));
                    }
                }
            });
        }
        pool.shutdown();
        pool.awaitTermination(10, TimeUnit.MINUTES);
    }

    /**
     * The owner's active hours as registered: 22:00–07:00 at real speed; accelerated, the server's check gets the
     * demo's real window (almost the whole day, from a minute ago), since the simulated nights decide when phones
     * are plugged in and asleep.
     */
    private String[] activeHours(java.time.ZoneId zone) {
        if (!clock.accelerated()) {
            return new String[] {options.activeFrom(), options.activeTo()};
        }
        LocalTime now = LocalTime.now(zone);
        return new String[] {now.minusMinutes(1).format(HH_MM), now.minusMinutes(2).format(HH_MM)};
    }

    /** Every second: the phones whose state changed (or whose interval is up) report, in batches or one by one. */
    private void heartbeats() {
        Instant now = Instant.now();
        List<Device> due = new ArrayList<>();
        List<PhoneState> states = new ArrayList<>();
        for (Device device : snapshot()) {
            PhoneState state = device.phone.night().at(clock.minuteFromNoon(now, device.phone.zone()),
                    device.computing.get());
            boolean changed = !state.equals(device.reported) && now.isAfter(device.lastBeat.plus(MIN_BEAT_GAP));
            if (changed || !now.isBefore(device.nextBeat)) {
                due.add(device);
                states.add(state);
            }
        }
        if (options.gatewayToken() != null) {
            for (int from = 0; from < due.size(); from += 1000) {
                int to = Math.min(due.size(), from + 1000);
                List<Platform.Beat> beats = new ArrayList<>();
                for (int i = from; i < to; i++) {
                    beats.add(new Platform.Beat(due.get(i).deviceId, states.get(i)));
                }
                try {
                    List<Platform.BeatAnswer> answers = platform.heartbeats(options.gatewayToken(), beats);
                    for (int i = 0; i < answers.size(); i++) {
                        Platform.BeatAnswer answer = answers.get(i);
                        if (answer.status() == 202) {
                            beaten(due.get(from + i), states.get(from + i), answer.nextHeartbeatSeconds(), now);
                        } else {
                            error("heartbeat", new Platform.Refused(answer.status(), answer.reason()));
                        }
                    }
                } catch (Platform.Refused e) {
                    error("heartbeats", e);
                }
            }
        } else {
            for (int i = 0; i < due.size(); i++) {
                try {
                    beaten(due.get(i), states.get(i), platform.heartbeat(due.get(i).deviceId, due.get(i).token,
                            states.get(i)), now);
                } catch (Platform.Refused e) {
                    error("heartbeat", e);
                }
            }
        }
        stats.eligible.set(states.isEmpty() ? stats.eligible.get() : countEligible(now));
    }

    private void beaten(Device device, PhoneState state, int answer, Instant now) {
        stats.heartbeats.incrementAndGet();
        device.reported = state;
        device.lastBeat = now;
        device.intervalSeconds = answer;
        Duration interval = clock.real(Duration.ofSeconds(answer));
        device.nextBeat = now.plus(interval.compareTo(MIN_BEAT_GAP) < 0 ? MIN_BEAT_GAP : interval);
    }

    private long countEligible(Instant now) {
        return snapshot().stream().filter(d -> d.reported != null && d.reported.looksEligible()).count();
    }

    /**
     * A worker: a turn of a random phone that reported itself fit. It asks for a job (waiting a second for one); then,
     * for as long as it is given one, computes it and hands the result in with the exchange that asks for the next:
     * one request per job, as the reference agent does.
     */
    private void compute(Random random) {
        while (running.get()) {
            List<Device> fit = snapshot().stream().filter(d -> d.reported != null && d.reported.looksEligible()
                    && !d.computing.get()).toList();
            if (fit.isEmpty()) {
                sleep(Duration.ofMillis(500));
                continue;
            }
            Device device = fit.get(random.nextInt(fit.size()));
            if (!device.computing.compareAndSet(false, true)) {
                continue;
            }
            try {
                turn(device, random);
            } catch (CallFailed e) {
                error("jobs", e);
                sleep(Duration.ofMillis(200));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } finally {
                device.computing.set(false);
            }
        }
    }

    private void turn(Device device, Random random) throws InterruptedException {
        List<Lease> leases = broker.exchange(device.token, List.of(), 1, 1, List.of()).leases();
        while (!leases.isEmpty()) {
            Lease lease = leases.get(0);
            stats.leases.incrementAndGet();
            Optional<Answer> answer = execute(device, lease, random);
            if (answer.isEmpty()) {
                return; // went silent: the lease expires and the job is leased again
            }
            // stopped: the work in hand is handed in, and no more asked for
            Exchanged exchanged = running.get()
                    ? broker.exchange(device.token, List.of(answer.get().result()), 1, 0, List.of())
                    : broker.handIn(device.token, List.of(answer.get().result()));
            Exchanged.Outcome outcome = exchanged.results().get(0);
            if (outcome.recorded()) {
                answer.get().counters().forEach(AtomicLong::incrementAndGet);
            } else {
                error("result", new CallFailed(outcome.status(), null, outcome.detail()));
            }
            leases = exchanged.leases();
        }
    }

    /** A phone's answer to a lease, and what to count once the broker has recorded it. */
    private record Answer(LeaseResult result, List<AtomicLong> counters) {
    }

    /** Computes the lease as the phone would; empty when the phone goes silent instead. */
    private Optional<Answer> execute(Device device, Lease lease, Random random) {
        double seconds = taskGpuSeconds.getOrDefault(lease.taskType(), 1.0) * h100Tops / device.phone.tops();
        sleep(clock.real(Duration.ofMillis((long) (seconds * 1000))));
        Behaviour behaviour = device.phone.behaviour();
        if (behaviour == Behaviour.FAULTY && random.nextBoolean()) {
            stats.silent.incrementAndGet(); // goes quiet: the lease expires and the job is reissued
            return Optional.empty();
        }
        if (behaviour == Behaviour.FAULTY) {
            return Optional.of(new Answer(new LeaseResult(lease.leaseId(), Result.failed(seconds)), List.of(stats.failed)));
        }
        if (EmbeddingCompute.TASK_TYPE.equals(lease.taskType())) {
            return Optional.of(embed(device, lease, random, seconds));
        }
        String hash = behaviour == Behaviour.DISHONEST ? "sha256:" + hex("wrong " + random.nextLong())
                : "sha256:" + hex("result of " + lease.inputHash());
        return Optional.of(new Answer(new LeaseResult(lease.leaseId(),
                new Result(Result.Status.SUCCEEDED, hash, seconds, null)), List.of(stats.results)));
    }

    /**
     * An embeddings lease: the real vector, or a wrong one from a dishonest phone; FAILED at once when there is
     * nothing to compute (no inline input, another model), so that the broker reissues the job now.
     */
    private Answer embed(Device device, Lease lease, Random random, double seconds) {
        Work work = new Work(lease.taskType(), lease.input(), lease.model());
        boolean dishonest = device.phone.behaviour() == Behaviour.DISHONEST;
        Output output = dishonest ? embeddings.dishonest(work, random) : embeddings.honest(work);
        if (!output.succeeded()) {
            error("embeddings", new IllegalStateException(output.reason()));
            return new Answer(new LeaseResult(lease.leaseId(), Result.failed(seconds)), List.of(stats.failed));
        }
        return new Answer(new LeaseResult(lease.leaseId(), new Result(Result.Status.SUCCEEDED, output.outputHash(),
                seconds, output.output())), List.of(stats.results,
                dishonest ? stats.embeddingsDishonest : stats.embeddingsHonest));
    }

    /** Every second: the partner's requests of this second of the simulated day, scaled down. */
    private void demand() {
        double perRealSecond = dailyRequests * options.demandScale() / 86_400.0 * clock.speed()
                * Demand.shape(clock.minuteFromNoon(Instant.now(), java.time.ZoneOffset.UTC));
        int jobs = Demand.poisson(demandRandom, perRealSecond);
        for (int i = 0; i < jobs && running.get(); i++) {
            String task = Demand.task(demandRandom, options.taskMix());
            if (task.equals(EMBEDDINGS)) {
                String text = Demand.sentence(demandRandom);
                requests.submit(() -> embeddingsRequest(text));
                continue;
            }
            String input = "sim-input-" + Long.toHexString(demandRandom.nextLong());
            try {
                platform.submit(options.partnerToken(), task, "s3://sim/" + input, "sha256:" + hex(input),
                        demandRandom.nextDouble() < options.redundantShare() ? 2 : 1);
                stats.submitted.incrementAndGet();
            } catch (Platform.Refused e) {
                error("submit", e);
            }
        }
    }

    /** The partner's synchronous embeddings request, as its apps send them; counted by who served it. */
    private void embeddingsRequest(String text) {
        try {
            String servedBy = platform.embeddings(options.partnerToken(), List.of(text));
            stats.servedBy.computeIfAbsent(servedBy, k -> new AtomicLong()).incrementAndGet();
        } catch (Platform.Refused e) {
            error("embeddings", e);
        }
    }

    /** An error while running; what is cut short by stopping is not one. */
    private void error(String where, RuntimeException e) {
        if (running.get()) {
            stats.error(where, e);
        }
    }

    private List<Device> snapshot() {
        synchronized (devices) {
            return List.copyOf(devices);
        }
    }

    private Runnable guard(Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                error("tick", e);
            }
        };
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(Math.max(0, duration.toMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static String hex(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** What happened so far. */
    public static final class Stats {
        public final AtomicLong registered = new AtomicLong();
        public final AtomicLong eligible = new AtomicLong();
        public final AtomicLong heartbeats = new AtomicLong();
        public final AtomicLong submitted = new AtomicLong();
        public final AtomicLong leases = new AtomicLong();
        public final AtomicLong results = new AtomicLong();
        public final AtomicLong failed = new AtomicLong();
        public final AtomicLong silent = new AtomicLong();
        /** Embeddings leases answered with the real vector, and with a wrong one (dishonest phones). */
        public final AtomicLong embeddingsHonest = new AtomicLong();
        public final AtomicLong embeddingsDishonest = new AtomicLong();
        /** The partner's embeddings requests by who served them ({@code phones}, {@code cloud}, {@code mixed}). */
        public final java.util.concurrent.ConcurrentMap<String, AtomicLong> servedBy =
                new java.util.concurrent.ConcurrentSkipListMap<>();
        public final AtomicLong errors = new AtomicLong();
        /** Errors by where and HTTP status, e.g. {@code heartbeat 429}. */
        public final java.util.concurrent.ConcurrentMap<String, AtomicLong> errorsByKind =
                new java.util.concurrent.ConcurrentHashMap<>();
        volatile String lastError = "";
        /** The first message of each kind of error. */
        public final java.util.concurrent.ConcurrentMap<String, String> examples = new java.util.concurrent.ConcurrentHashMap<>();

        void error(String where, RuntimeException e) {
            errors.incrementAndGet();
            String kind = where + (e instanceof Platform.Refused refused ? " " + refused.status
                    : e instanceof CallFailed failed ? " " + failed.status() : "");
            errorsByKind.computeIfAbsent(kind, k -> new AtomicLong()).incrementAndGet();
            examples.putIfAbsent(kind, String.valueOf(e.getMessage()));
            lastError = where + ": " + e.getMessage();
        }

        public String lastError() {
            return lastError;
        }
    }
}
