package io.nhp.kafka.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** One forked Kafka JVM (combined broker and controller): its ports, directory and process. */
public final class BrokerNode {

    private final int nodeId;
    private final int brokerPort;
    private final int controllerPort;
    private final Path dir;
    private final List<String> command;
    private Process process;
    /** Whether this node should be running: false after a deliberate stop or kill. */
    private boolean wanted;

    BrokerNode(int nodeId, int brokerPort, int controllerPort, Path dir, List<String> command) {
        this.nodeId = nodeId;
        this.brokerPort = brokerPort;
        this.controllerPort = controllerPort;
        this.dir = dir;
        this.command = List.copyOf(command);
    }

    public int nodeId() {
        return nodeId;
    }

    public int brokerPort() {
        return brokerPort;
    }

    public int controllerPort() {
        return controllerPort;
    }

    public Path dir() {
        return dir;
    }

    public Path logFile() {
        return dir.resolve("server.log");
    }

    public String bootstrapAddress() {
        return "127.0.0.1:" + brokerPort;
    }

    /** Starts (or restarts) the JVM; its output is appended to {@link #logFile()}. */
    synchronized void start() {
        if (isAlive()) {
            throw new IllegalStateException("node " + nodeId + " is already running (pid " + process.pid() + ")");
        }
        try {
            process = new ProcessBuilder(command)
                    .directory(dir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile().toFile()))
                    .start();
            wanted = true;
            Files.writeString(dir.resolve("pid"), Long.toString(process.pid()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start Kafka node " + nodeId + " in " + dir, e);
        }
    }

    public synchronized boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** True if the node died although nobody stopped or killed it. */
    public synchronized boolean exitedUnexpectedly() {
        return wanted && !isAlive();
    }

    public synchronized Optional<Long> pid() {
        return isAlive() ? Optional.of(process.pid()) : Optional.empty();
    }

    /** Graceful stop: SIGTERM, then SIGKILL if the broker has not exited within the grace period. */
    public synchronized void stop(Duration grace) {
        wanted = false;
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** SIGKILL, as a crash: no controlled shutdown, nothing flushed. */
    public synchronized void kill() {
        wanted = false;
        if (process == null) {
            return;
        }
        try {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The last lines of the node's log, for error messages. */
    public String logTail(int lines) {
        try {
            List<String> all = Files.readAllLines(logFile(), StandardCharsets.UTF_8);
            return String.join("\n", new ArrayList<>(all.subList(Math.max(0, all.size() - lines), all.size())));
        } catch (IOException e) {
            return "(no log at " + logFile() + ")";
        }
    }

    @Override
    public String toString() {
        return "kafka-node-" + nodeId + "@" + bootstrapAddress();
    }
}
