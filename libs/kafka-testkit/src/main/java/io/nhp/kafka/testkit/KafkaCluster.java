package io.nhp.kafka.testkit;

import io.nhp.contracts.Topic;
import io.nhp.contracts.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;

/**
 * A real Apache Kafka cluster (KRaft, every node a combined broker and controller) of forked JVMs on loopback.
 * One node for tests and the local run, three for fault tests; nodes can be killed and restarted one by one.
 * On start it creates every platform topic of {@link Topics#ALL}.
 */
public final class KafkaCluster implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(KafkaCluster.class.getName());
    private static final String BROKER_CLASSPATH_RESOURCE = "/io/nhp/kafka/server/broker.classpath";

    private final Builder config;
    private final Path baseDir;
    private final List<BrokerNode> nodes = new ArrayList<>();
    private Thread shutdownHook;

    private KafkaCluster(Builder config, Path baseDir) {
        this.config = config;
        this.baseDir = baseDir;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Formats and starts every node, waits until all are in the cluster and creates the platform topics. */
    public KafkaCluster start() {
        String clusterId = Uuid.randomUuid().toString();
        String classpath = brokerClasspath();
        int[] free = Ports.free(2 * config.nodes); // a broker's and a controller's port per node, all different
        List<int[]> ports = IntStream.range(0, config.nodes).mapToObj(i -> portsFor(i, free)).toList();
        String voters = IntStream.range(0, config.nodes)
                .mapToObj(i -> (i + 1) + "@127.0.0.1:" + ports.get(i)[1])
                .collect(Collectors.joining(","));
        for (int i = 0; i < config.nodes; i++) {
            nodes.add(prepareNode(i + 1, ports.get(i)[0], ports.get(i)[1], voters, clusterId, classpath));
        }
        if (config.stopOnExit) {
            shutdownHook = new Thread(this::stop, "kafka-cluster-shutdown");
            Runtime.getRuntime().addShutdownHook(shutdownHook);
        }
        nodes.forEach(BrokerNode::start);
        awaitReady(config.startTimeout);
        if (config.createTopics) {
            createTopics(Topics.ALL);
        }
        LOG.log(Level.INFO, "Kafka cluster of {0} node(s) ready at {1} (data in {2})",
                config.nodes, bootstrapServers(), baseDir);
        return this;
    }

    /** {@code host:port} of every broker, comma separated: the clients' {@code bootstrap.servers}. */
    public String bootstrapServers() {
        return nodes.stream().map(BrokerNode::bootstrapAddress).collect(Collectors.joining(","));
    }

    public List<BrokerNode> nodes() {
        return List.copyOf(nodes);
    }

    /** Node by its id (1-based, as in {@code node.id}). */
    public BrokerNode node(int nodeId) {
        return nodes.get(nodeId - 1);
    }

    public Path baseDir() {
        return baseDir;
    }

    /** Replication factor the platform topics get: 3 where the cluster has the nodes, else all nodes. */
    public int replicationFactor() {
        return Math.min(3, config.nodes);
    }

    /** Crashes one node (SIGKILL). */
    public void killNode(int nodeId) {
        LOG.log(Level.INFO, "Killing Kafka node {0}", nodeId);
        node(nodeId).kill();
    }

    /** Starts a stopped or killed node again on the same ports and data, and waits until it has rejoined. */
    public void restartNode(int nodeId) {
        BrokerNode node = node(nodeId);
        node.start();
        awaitReady(config.startTimeout);
        LOG.log(Level.INFO, "Kafka node {0} restarted", nodeId);
    }

    /** Creates the given topics (existing ones are left alone), with this cluster's replication settings. */
    public void createTopics(Collection<? extends Topic<?, ?>> topics) {
        try (Admin admin = admin()) {
            PlatformTopics.create(admin, topics, replicationFactor());
        }
    }

    /** An admin client on this cluster; the caller closes it. */
    public Admin admin() {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000);
        return Admin.create(props);
    }

    /** Stops every node gracefully (SIGTERM, then SIGKILL after the grace period). */
    public void stop() {
        nodes.parallelStream().forEach(n -> n.stop(Duration.ofSeconds(15)));
    }

    /** Stops the cluster and, unless it was given a directory to keep, deletes its data. */
    @Override
    public void close() {
        stop();
        if (shutdownHook != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException alreadyShuttingDown) {
                // the hook is running or has run: nothing to remove
            }
        }
        if (config.baseDir == null) {
            Dirs.deleteRecursively(baseDir);
        }
    }

    private int minInSyncReplicas() {
        return PlatformTopics.minInSyncReplicas(replicationFactor());
    }

    private int[] portsFor(int index, int[] free) {
        if (index == 0 && config.port > 0) {
            return new int[] {Ports.requireFree(config.port), Ports.requireFree(config.port + 100)};
        }
        return new int[] {free[2 * index], free[2 * index + 1]};
    }

    private BrokerNode prepareNode(int nodeId, int port, int controllerPort, String voters, String clusterId,
                                   String classpath) {
        Path dir = baseDir.resolve("node-" + nodeId);
        try {
            Files.createDirectories(dir.resolve("data"));
            Files.writeString(dir.resolve("server.properties"), serverProperties(nodeId, port, controllerPort, voters, dir));
            Files.writeString(dir.resolve("log4j2.properties"), LOG4J2_PROPERTIES);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare Kafka node directory " + dir, e);
        }
        // G1 as Kafka's own start script runs it (kafka-run-class.sh's KAFKA_JVM_PERFORMANCE_OPTS): a 20 ms pause
        // goal rather than G1's default 200 ms, since every produce and transaction commit waits out a pause
        List<String> jvm = List.of(javaExecutable(), "-Xms64m", "-Xmx" + config.heapMb + "m", "-XX:+UseG1GC",
                "-XX:MaxGCPauseMillis=20", "-XX:InitiatingHeapOccupancyPercent=35", "-XX:+ExplicitGCInvokesConcurrent",
                "-Djava.awt.headless=true",
                "-Dlog4j2.configurationFile=" + dir.resolve("log4j2.properties"),
                "-Dkafka.logs.dir=" + dir,
                "-cp", classpath);
        format(dir, jvm, clusterId);
        List<String> run = new ArrayList<>(jvm);
        if (config.stopOnExit) {
            run.add(1, "-D" + BrokerMain.EXIT_WITH_PARENT + "=true");
        }
        run.add(BrokerMain.class.getName());
        run.add(dir.resolve("server.properties").toString());
        return new BrokerNode(nodeId, port, controllerPort, dir, run);
    }

    private String serverProperties(int nodeId, int port, int controllerPort, String voters, Path dir) {
        int rf = replicationFactor();
        int minIsr = minInSyncReplicas();
        return String.join("\n",
                "process.roles=broker,controller",
                "node.id=" + nodeId,
                "controller.quorum.voters=" + voters,
                "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
                "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
                "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=PLAINTEXT",
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                "log.dirs=" + dir.resolve("data"),
                // Topics come from the contracts registry; Kafka Streams creates its internal ones itself.
                "auto.create.topics.enable=false",
                "default.replication.factor=" + rf,
                "min.insync.replicas=" + minIsr,
                "offsets.topic.replication.factor=" + rf,
                "offsets.topic.num.partitions=10",
                "transaction.state.log.replication.factor=" + rf,
                "transaction.state.log.min.isr=" + minIsr,
                "transaction.state.log.num.partitions=10",
                "share.coordinator.state.topic.replication.factor=" + rf,
                "share.coordinator.state.topic.min.isr=" + minIsr,
                "group.initial.rebalance.delay.ms=0",
                // A dead producer's open transaction is aborted soon after its timeout (default check: every 10 s),
                // so that a job-broker instance taking over a killed one's partitions reads them without waiting.
                "transaction.abort.timed.out.transaction.cleanup.interval.ms=1000",
                // A killed node is noticed within seconds, not the default 9 s.
                "broker.session.timeout.ms=3000",
                "broker.heartbeat.interval.ms=500",
                "") ;
    }

    private static void format(Path dir, List<String> jvm, String clusterId) {
        List<String> cmd = new ArrayList<>(jvm);
        cmd.addAll(List.of("kafka.tools.StorageTool", "format", "-t", clusterId,
                "-c", dir.resolve("server.properties").toString()));
        Path log = dir.resolve("format.log");
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("formatting Kafka storage in " + dir + " took over 60 s");
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException("formatting Kafka storage in " + dir + " failed:\n"
                        + Files.readString(log, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run the Kafka storage tool", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while formatting " + dir, e);
        }
    }

    private void awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        String lastProblem = "no answer yet";
        try (Admin admin = admin()) {
            while (System.nanoTime() < deadline) {
                for (BrokerNode node : nodes) {
                    if (node.exitedUnexpectedly()) {
                        throw new IllegalStateException(node + " exited during start-up. Last log lines:\n"
                                + node.logTail(30));
                    }
                }
                try {
                    int seen = admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).size();
                    long running = nodes.stream().filter(BrokerNode::isAlive).count();
                    if (seen >= running) {
                        return;
                    }
                    lastProblem = seen + " of " + running + " nodes registered";
                } catch (ExecutionException | TimeoutException e) {
                    lastProblem = e.toString();
                }
                TimeUnit.MILLISECONDS.sleep(200);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for Kafka", e);
        }
        throw new IllegalStateException("Kafka at " + bootstrapServers() + " not ready within " + timeout
                + " (" + lastProblem + "). Last log lines of node 1:\n" + nodes.get(0).logTail(30));
    }

    private static String brokerClasspath() {
        try (var in = KafkaCluster.class.getResourceAsStream(BROKER_CLASSPATH_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the broker classpath resource " + BROKER_CLASSPATH_RESOURCE
                        + " is missing: build libs/kafka-server first (./mvnw install)");
            }
            String classpath = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
            List<String> missing = Stream.of(classpath.split(":")).filter(p -> !Files.exists(Path.of(p))).toList();
            if (!missing.isEmpty()) {
                throw new IllegalStateException("broker jars missing from the local Maven repository (run "
                        + "./mvnw install to fetch them): " + missing);
            }
            return classpath + ":" + ownLocation();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the broker classpath", e);
        }
    }

    /** The jar or classes directory holding {@link BrokerMain}, which the broker JVM runs. */
    private static String ownLocation() {
        try {
            return Path.of(BrokerMain.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot locate the kafka-testkit classes", e);
        }
    }

    private static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static final String LOG4J2_PROPERTIES = """
            status = warn
            appender.out.type = Console
            appender.out.name = OUT
            appender.out.layout.type = PatternLayout
            appender.out.layout.pattern = [%d] %p %m (%c)%n
            rootLogger.level = INFO
            rootLogger.appenderRef.out.ref = OUT
            logger.state.name = state.change.logger
            logger.state.level = WARN
            logger.request.name = kafka.request.logger
            logger.request.level = WARN
            """;

    /** Settings of a cluster to start. */
    public static final class Builder {
        private int nodes = 1;
        private int port;
        private Path baseDir;
        private int heapMb = 512;
        private boolean createTopics = true;
        private boolean stopOnExit = true;
        private Duration startTimeout = Duration.ofSeconds(90);

        private Builder() {
        }

        /** Number of combined broker/controller nodes (1 by default). */
        public Builder nodes(int nodes) {
            if (nodes < 1) {
                throw new IllegalArgumentException("a cluster needs at least one node");
            }
            this.nodes = nodes;
            return this;
        }

        /** Fixed client port of node 1 (its controller listens 100 above); 0 (default) picks free ports. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** Directory for the nodes' data and logs, kept after close; by default a temporary one, deleted. */
        public Builder baseDir(Path baseDir) {
            this.baseDir = baseDir;
            return this;
        }

        public Builder heapMb(int heapMb) {
            this.heapMb = heapMb;
            return this;
        }

        /** Whether to create the platform topics on start (default true). */
        public Builder createTopics(boolean createTopics) {
            this.createTopics = createTopics;
            return this;
        }

        /**
         * Whether the brokers die with this JVM (default true: a shutdown hook, and the brokers watch their
         * parent). False for the local run, whose brokers outlive the launcher and are stopped by PID.
         */
        public Builder stopOnExit(boolean stopOnExit) {
            this.stopOnExit = stopOnExit;
            return this;
        }

        public Builder startTimeout(Duration startTimeout) {
            this.startTimeout = startTimeout;
            return this;
        }

        /** Builds and starts the cluster. */
        public KafkaCluster start() {
            Path dir = baseDir;
            try {
                dir = dir != null ? Files.createDirectories(dir) : Files.createTempDirectory("nhp-kafka-");
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create the Kafka data directory", e);
            }
            KafkaCluster cluster = new KafkaCluster(this, dir);
            try {
                return cluster.start();
            } catch (RuntimeException e) {
                cluster.close();
                throw e;
            }
        }
    }
}
