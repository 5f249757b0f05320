package io.nhp.kafka.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Packaged services (their {@code target/quarkus-app}), each its own JVM as {@code ./nhp} runs them: dev profile, a
 * free port, the given broker, Kafka Streams state in a temporary directory, output in {@code target/<service>.log}
 * of the calling module. For tests of clients that only use the services' public HTTP APIs (fleet-simulator,
 * device-agent); the services must be packaged before the calling module.
 */
public final class PackagedServices implements AutoCloseable {

    /** How long a service may take to be ready: its own start plus Kafka Streams' first rebalance on a busy machine. */
    public static final Duration READY_TIMEOUT = Duration.ofSeconds(180);
    /** In an {@link Instance}'s option: its HTTP port. */
    public static final String PORT = "{port}";
    private static final String HEAP = "-Xmx256m";
    /** job-broker holds the embeddings model of its cloud fallback: 256 MiB is too little to load it. */
    private static final Map<String, String> HEAP_OF = Map.of("job-broker", "-Xmx512m");

    /** A started service: where it listens, and its JVM. */
    private record Started(int port, Process process) {
    }

    private final Map<String, Started> started = new LinkedHashMap<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private PackagedServices() {
    }

    /**
     * Starts {@code services} (module names beside the calling module) on {@code bootstrapServers} and waits until
     * each answers {@code /q/health/ready} with 200; stops what it started if one does not.
     */
    public static PackagedServices start(String bootstrapServers, String... services) {
        return start(bootstrapServers, java.util.Arrays.stream(services).map(s -> new Instance(s, s, List.of())).toList());
    }

    /**
     * One JVM of a packaged module: its name (its log is {@code target/<name>.log}), the module, extra JVM options
     * ({@value #PORT} in one stands for the instance's own HTTP port, e.g. for {@code kafka-streams.application.server}).
     */
    public record Instance(String name, String module, List<String> options) {
    }

    /** Starts these instances (several of one module, each with its own options) as {@link #start(String, String...)}. */
    public static PackagedServices start(String bootstrapServers, List<Instance> instances) {
        PackagedServices running = new PackagedServices();
        try {
            Path state = Files.createTempDirectory("nhp-services-");
            int[] ports = Ports.free(instances.size()); // all different: chosen together before any instance binds
            for (int i = 0; i < instances.size(); i++) {
                running.launch(instances.get(i), ports[i], bootstrapServers, state.resolve(instances.get(i).name()));
            }
            for (Instance instance : instances) {
                running.awaitReady(instance.name());
            }
            return running;
        } catch (IOException e) {
            running.close();
            throw new UncheckedIOException("cannot start " + instances, e);
        } catch (RuntimeException e) {
            running.close();
            throw e;
        }
    }

    /** The service's base URL, e.g. {@code http://localhost:41234}. */
    public URI url(String service) {
        return URI.create("http://localhost:" + port(service));
    }

    public int port(String name) {
        Started service = started.get(name);
        if (service == null) {
            throw new IllegalArgumentException(name + " was not started here; started: " + started.keySet());
        }
        return service.port();
    }

    /** Kills the instance as {@code kill -9} does: no shutdown, no leaving its consumer groups. */
    public void kill(String name) throws InterruptedException {
        Process process = started.get(name).process();
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    /** Freezes the instance ({@code kill -STOP}): a process paused as by a long GC or a stalled machine. */
    public void pause(String name) throws IOException, InterruptedException {
        signal(name, "-STOP");
    }

    /** Lets a {@link #pause paused} instance run on ({@code kill -CONT}), unaware of the time it lost. */
    public void resume(String name) throws IOException, InterruptedException {
        signal(name, "-CONT");
    }

    private void signal(String name, String signal) throws IOException, InterruptedException {
        long pid = started.get(name).process().pid();
        int exit = new ProcessBuilder("kill", signal, Long.toString(pid)).inheritIO().start().waitFor();
        if (exit != 0) {
            throw new IllegalStateException("kill " + signal + " " + pid + " (" + name + ") exited with " + exit);
        }
    }

    /** Stops every service (SIGTERM: they flush and leave their consumer groups) and waits for them a while. */
    @Override
    public void close() {
        List<Process> processes = started.values().stream().map(Started::process).toList();
        processes.forEach(Process::destroy);
        for (Process process : processes) {
            try {
                if (!process.waitFor(20, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
    }

    private void launch(Instance instance, int port, String bootstrapServers, Path stateDir) throws IOException {
        String service = instance.module();
        Path module = Path.of("..", service);
        if (!Files.isRegularFile(module.resolve("target/quarkus-app/quarkus-run.jar"))) {
            throw new IllegalStateException(module.toAbsolutePath().normalize() + " is not packaged: build it first "
                    + "(./mvnw package -pl " + service + " -am)");
        }
        String java = ProcessHandle.current().info().command().orElse("java");
        String heap = HEAP_OF.getOrDefault(service, HEAP);
        List<String> command = new java.util.ArrayList<>(List.of(java, heap, "-XX:+UseSerialGC", "-Dquarkus.profile=dev",
                "-Dquarkus.http.port=" + port, "-Dkafka.bootstrap.servers=" + bootstrapServers,
                "-Dkafka-streams.state.dir=" + stateDir));
        instance.options().forEach(option -> command.add(option.replace(PORT, Integer.toString(port))));
        command.addAll(List.of("-jar", "target/quarkus-app/quarkus-run.jar"));
        started.put(instance.name(), new Started(port, new ProcessBuilder(command)
                .directory(module.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log(instance.name()).toFile())
                .start()));
    }

    private void awaitReady(String service) {
        Process process = started.get(service).process();
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        HttpRequest ready = HttpRequest.newBuilder(url(service).resolve("/q/health/ready"))
                .timeout(Duration.ofSeconds(5)).build();
        String lastAnswer = "no answer yet";
        try {
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    throw new IllegalStateException(service + " exited with " + process.exitValue()
                            + " during start-up. Last log lines:\n" + logTail(service));
                }
                try {
                    HttpResponse<String> answer = http.send(ready, HttpResponse.BodyHandlers.ofString());
                    if (answer.statusCode() == 200) {
                        return;
                    }
                    lastAnswer = answer.statusCode() + " " + answer.body();
                } catch (IOException e) {
                    lastAnswer = e.toString();
                }
                TimeUnit.MILLISECONDS.sleep(500);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + service, e);
        }
        throw new IllegalStateException(service + " not ready within " + READY_TIMEOUT + " (" + lastAnswer
                + "). Last log lines:\n" + logTail(service));
    }

    private static Path log(String service) {
        return Path.of("target", service + ".log");
    }

    private static String logTail(String service) {
        try {
            List<String> lines = Files.readAllLines(log(service), StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(no log at " + log(service).toAbsolutePath() + ": " + e.getMessage() + ")";
        }
    }
}
