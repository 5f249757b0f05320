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
    private static final String HEAP = "-Xmx256m";

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
        PackagedServices running = new PackagedServices();
        try {
            Path state = Files.createTempDirectory("nhp-services-");
            for (String service : services) {
                running.launch(service, bootstrapServers, state.resolve(service));
            }
            for (String service : services) {
                running.awaitReady(service);
            }
            return running;
        } catch (IOException e) {
            running.close();
            throw new UncheckedIOException("cannot start " + String.join(", ", services), e);
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

    private void launch(String service, String bootstrapServers, Path stateDir) throws IOException {
        Path module = Path.of("..", service);
        if (!Files.isRegularFile(module.resolve("target/quarkus-app/quarkus-run.jar"))) {
            throw new IllegalStateException(module.toAbsolutePath().normalize() + " is not packaged: build it first "
                    + "(./mvnw package -pl " + service + " -am)");
        }
        int port = Ports.free();
        String java = ProcessHandle.current().info().command().orElse("java");
        started.put(service, new Started(port, new ProcessBuilder(java, HEAP, "-XX:+UseSerialGC", "-Dquarkus.profile=dev",
                "-Dquarkus.http.port=" + port, "-Dkafka.bootstrap.servers=" + bootstrapServers,
                "-Dkafka-streams.state.dir=" + stateDir, "-jar", "target/quarkus-app/quarkus-run.jar")
                .directory(module.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log(service).toFile())
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
