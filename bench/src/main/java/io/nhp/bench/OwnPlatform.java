package io.nhp.bench;

import io.nhp.contracts.serde.Json;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * A platform of the benchmark's own, on free ports (never ./nhp's fixed ones): a fresh single-node Kafka
 * ({@code LocalKafka}, every platform topic), some packaged services in the dev profile, and device agents, each its
 * own JVM under {@code dir}. Everything it starts it stops by PID on close (and at exit).
 */
final class OwnPlatform implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    /** Heap and GC of every service JVM, as ./nhp up gives them (and the bench's own servers, so that they compare). */
    static final List<String> SERVICE_JVM = List.of("-Xmx768m", "-XX:+UseG1GC", "-XX:MaxGCPauseMillis=20");

    /** The services the scenarios with a platform of their own start (ingest, jobs, embeddings). */
    static final Set<String> PROFILABLE = Set.of("pricing-service", "device-registry", "job-broker");
    /** Services started with a flight recording ({@code bench/run --profile}). */
    private static volatile Set<String> profiled = Set.of();

    private final Path dir;
    private final String bootstrap;
    private final Map<String, Integer> ports = new LinkedHashMap<>();
    /** Every process started, by name, in start order. */
    private final Map<String, ProcessHandle> processes = new LinkedHashMap<>();
    private final Thread stopAtExit = new Thread(this::stopAll, "own-platform-stop");

    private OwnPlatform(Path dir, String bootstrap, ProcessHandle kafka) {
        this.dir = dir;
        this.bootstrap = bootstrap;
        processes.put("kafka", kafka);
        Runtime.getRuntime().addShutdownHook(stopAtExit);
    }

    /**
     * Starts these services with a JFR recording of JFR's default settings (about 1 % of CPU), written to
     * {@code logs/<service>.jfr} when the service stops.
     *
     * @throws IllegalArgumentException naming a service none of those scenarios starts (a typo would profile nothing)
     */
    static void profile(Set<String> services) {
        Set<String> unknown = new TreeSet<>(services);
        unknown.removeAll(PROFILABLE);
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("--profile: no scenario starts " + String.join(", ", unknown)
                    + " on a platform of its own; these can be profiled: "
                    + String.join(", ", new TreeSet<>(PROFILABLE)));
        }
        profiled = Set.copyOf(services);
    }

    /** A fresh broker on free ports, then {@code services} (module names) started and ready. */
    static OwnPlatform start(Path dir, List<String> services) throws IOException, InterruptedException {
        return start(dir, services, Map.of());
    }

    /** {@link #start(Path, List)}, some services with more JVM options (e.g. -D settings) than ./nhp gives them. */
    static OwnPlatform start(Path dir, List<String> services, Map<String, List<String>> options)
            throws IOException, InterruptedException {
        deleteRecursively(dir);
        Files.createDirectories(dir.resolve("logs"));
        String classpath = "libs/kafka-testkit/target/classes:"
                + Files.readString(Path.of("libs/kafka-testkit/target/launcher.classpath")).trim();
        Process launcher = new ProcessBuilder(Bench.java(), "-cp", classpath, "io.nhp.kafka.testkit.LocalKafka",
                dir.resolve("kafka").toAbsolutePath().toString(), "0")
                .redirectErrorStream(true).redirectOutput(dir.resolve("logs/kafka-launcher.log").toFile()).start();
        if (!launcher.waitFor(120, TimeUnit.SECONDS) || launcher.exitValue() != 0) {
            throw new IllegalStateException("Kafka did not start (" + dir.resolve("logs/kafka-launcher.log") + ")");
        }
        long kafkaPid = Long.parseLong(Files.readString(dir.resolve("kafka/node-1/pid")).trim());
        OwnPlatform platform = new OwnPlatform(dir, Files.readString(dir.resolve("kafka/bootstrap.servers")).trim(),
                ProcessHandle.of(kafkaPid).orElseThrow(() -> new IllegalStateException("Kafka exited at once")));
        try {
            for (String service : services) {
                platform.startService(service, options.getOrDefault(service, List.of()));
            }
            for (String service : services) {
                platform.awaitReady(service, Duration.ofSeconds(180));
            }
        } catch (IOException | InterruptedException | RuntimeException e) {
            platform.close();
            throw e;
        }
        return platform;
    }

    private void startService(String service, List<String> options) throws IOException {
        int port = freePort();
        ports.put(service, port);
        // as ./nhp up starts a service (its heap, GC and dev profile), on this platform's broker and port
        List<String> command = new ArrayList<>(List.of(Bench.java()));
        command.addAll(SERVICE_JVM);
        command.addAll(List.of("-Dquarkus.profile=dev", "-Dquarkus.http.port=" + port, "-Dkafka.bootstrap.servers=" + bootstrap,
                "-Dkafka-streams.state.dir=" + dir.resolve("state").resolve(service).toAbsolutePath()));
        command.addAll(options);
        if (profiled.contains(service)) {
            command.add("-XX:StartFlightRecording=settings=default,dumponexit=true,filename="
                    + dir.resolve("logs").resolve(service + ".jfr").toAbsolutePath());
        }
        command.addAll(List.of("-jar", "target/quarkus-app/quarkus-run.jar"));
        Process process = new ProcessBuilder(command)
                .directory(Path.of(service).toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("logs").resolve(service + ".log").toFile()).start();
        processes.put(service, process.toHandle());
    }

    /**
     * Another JVM of the benchmark's own (a class of this module, on its classpath) with the services' heap and GC,
     * listening on a free port that it is given as its first argument, followed by {@code args}; ready once it
     * answers {@code GET /q/health/ready} with 200, as a service does.
     */
    void startBenchJvm(String name, String mainClass, List<String> args) throws IOException, InterruptedException {
        int port = freePort();
        ports.put(name, port);
        List<String> command = new ArrayList<>(List.of(Bench.java()));
        command.addAll(SERVICE_JVM);
        command.addAll(List.of("-cp", "bench/target/classes:" + Files.readString(Path.of("bench/target/launcher.classpath")).trim(),
                mainClass, Integer.toString(port)));
        command.addAll(args);
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("logs").resolve(name + ".log").toFile()).start();
        processes.put(name, process.toHandle());
        awaitReady(name, Duration.ofSeconds(60));
    }

    /** Each process's heap and GC options (-Xm…, -XX:…), by name; the bench's own JVM as {@code bench}. */
    Map<String, String> jvmSettings() {
        Map<String, String> settings = new LinkedHashMap<>();
        processes.forEach((name, process) -> settings.put(name, jvmSettings(process)));
        settings.put("bench", jvmSettings(ProcessHandle.current()));
        return settings;
    }

    /** {@link #jvmSettings()} on one line, for RESULTS.md. */
    String jvmSettingsLine() {
        return jvmSettings().entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
                .collect(java.util.stream.Collectors.joining("; "));
    }

    private static String jvmSettings(ProcessHandle process) {
        List<String> flags = new ArrayList<>();
        String[] arguments = process.info().arguments().orElse(new String[0]);
        try {
            // Linux: the whole command line (ProcessHandle gives some processes' arguments, not others')
            String cmdline = Files.readString(Path.of("/proc", Long.toString(process.pid()), "cmdline"));
            String[] all = cmdline.split("\0");
            arguments = java.util.Arrays.copyOfRange(all, Math.min(1, all.length), all.length);
        } catch (IOException | RuntimeException e) {
            // not Linux: what ProcessHandle knows
        }
        for (String argument : arguments) {
            if (argument.startsWith("-Xm") || argument.startsWith("-XX:")) {
                flags.add(argument);
            } else if (argument.equals("-cp") || argument.equals("-jar") || !argument.startsWith("-")) {
                break;
            }
        }
        if (flags.stream().noneMatch(f -> f.matches("-XX:\\+Use\\w+GC"))) {
            flags.add(process.pid() == ProcessHandle.current().pid() ? "default GC ("
                    + java.lang.management.ManagementFactory.getGarbageCollectorMXBeans().stream()
                    .map(java.lang.management.GarbageCollectorMXBean::getName)
                    .collect(java.util.stream.Collectors.joining(", ")) + ")" : "default GC");
        }
        return String.join(" ", flags);
    }

    private void awaitReady(String service, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (status(url(service).resolve("/q/health/ready")) != 200) {
            if (!processes.get(service).isAlive()) {
                throw new IllegalStateException(service + " exited (" + dir.resolve("logs").resolve(service + ".log") + ")");
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(service + " not ready after " + timeout.toSeconds() + " s");
            }
            Thread.sleep(500);
        }
    }

    /**
     * Until device-registry counts {@code count} of Xiaomi's phones eligible ({@code what}: which, for the message),
     * and job-broker has had a moment to read the same statuses (it shows no count of them to wait for).
     */
    void awaitEligible(int count, Duration timeout, String what) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (eligibleXiaomiPhones() < count) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the " + count + " " + what + " were not eligible within "
                        + timeout.toSeconds() + " s");
            }
            Thread.sleep(500);
        }
        Thread.sleep(1000); // job-broker reads the same statuses
    }

    /** Xiaomi's eligible phones as device-registry counts them; 0 while it does not answer. */
    private int eligibleXiaomiPhones() throws InterruptedException {
        try {
            String fleet = HTTP.send(HttpRequest.newBuilder(url("device-registry").resolve("/api/v1/fleet?partner=xiaomi"))
                    .build(), HttpResponse.BodyHandlers.ofString()).body();
            return Json.MAPPER.readTree(fleet).path("eligible").asInt();
        } catch (IOException e) {
            return 0; // not answering yet
        }
    }

    /**
     * {@code count} reference phone agents in one JVM ({@code device-agent.jar}), enrolled as Xiaomi's phones with
     * the development partner key (as ./nhp token does), against this platform's device-registry and job-broker,
     * each taking up to {@code want} leases per exchange.
     */
    void startAgents(int count, int want) throws IOException {
        Process process = new ProcessBuilder(Bench.java(), "-Xmx512m", "-jar", "device-agent/target/device-agent.jar",
                "--agents", Integer.toString(count), "--partner", "xiaomi", "--owner-prefix", "bench-embeddings-owner",
                "--registry", url("device-registry").toString(), "--broker", url("job-broker").toString(),
                "--wait-seconds", "20", "--want", Integer.toString(want))
                .redirectErrorStream(true).redirectOutput(dir.resolve("logs/device-agent.log").toFile()).start();
        processes.put("device-agent", process.toHandle());
    }

    URI url(String service) {
        Integer port = ports.get(service);
        if (port == null) {
            throw new IllegalArgumentException(service + " was not started");
        }
        return URI.create("http://localhost:" + port);
    }

    /** The bootstrap servers of its Kafka. */
    String bootstrap() {
        return bootstrap;
    }

    Path dir() {
        return dir;
    }

    /** CPU seconds (user + system) each process has used so far, by name; the bench's own JVM as {@code bench}. */
    Map<String, Double> cpuSeconds() {
        Map<String, Double> seconds = new LinkedHashMap<>();
        processes.forEach((name, process) -> seconds.put(name, cpu(process)));
        seconds.put("bench", cpu(ProcessHandle.current()));
        return seconds;
    }

    private static double cpu(ProcessHandle process) {
        return process.info().totalCpuDuration().map(d -> d.toNanos() / 1e9).orElse(Double.NaN);
    }

    @Override
    public void close() {
        stopAll();
        try {
            Runtime.getRuntime().removeShutdownHook(stopAtExit);
        } catch (IllegalStateException e) {
            // already shutting down: the hook runs stopAll, which is idempotent
        }
    }

    /**
     * Stops what this platform started: the agent (it finishes a result under way), then the services side by side
     * (none waits for another), the broker last; SIGTERM, then kill after 20 s.
     */
    private synchronized void stopAll() {
        stop(List.of("device-agent"));
        stop(processes.keySet().stream().filter(name -> !name.equals("device-agent") && !name.equals("kafka")).toList());
        stop(List.of("kafka"));
    }

    private void stop(List<String> names) {
        List<ProcessHandle> stopping = names.stream().map(processes::get).filter(Objects::nonNull)
                .filter(ProcessHandle::isAlive).toList();
        stopping.forEach(ProcessHandle::destroy);
        for (ProcessHandle process : stopping) {
            try {
                process.onExit().get(20, TimeUnit.SECONDS);
            } catch (Exception e) {
                process.destroyForcibly();
            }
        }
    }

    private static int status(URI uri) {
        try {
            return HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void deleteRecursively(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (var walk = Files.walk(path)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
