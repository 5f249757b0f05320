package io.nhp.registry.streams;

import io.nhp.contracts.Topics;
import io.nhp.contracts.events.ActiveHours;
import io.nhp.contracts.events.DeviceRegisteredEvent;
import io.nhp.contracts.events.HeartbeatEvent;
import io.nhp.contracts.events.NetworkType;
import io.nhp.contracts.events.ThermalStatus;
import io.nhp.registry.domain.EligibilityRules;
import io.nhp.registry.domain.LivenessRules;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Stream;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.StreamsMetrics;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.processor.CommitCallback;
import org.apache.kafka.streams.processor.StateRestoreCallback;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.BuiltInDslStoreSuppliers;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.test.TestRecord;

/**
 * Throughput of the device topology, without Kafka: N registrations, then R rounds of one heartbeat per device
 * per minute of event time (spread over the minute, a few changing state), piped through
 * {@link DeviceTopology#build} in a {@link TopologyTestDriver} with its real RocksDB stores, the wall clock
 * advanced a second at a time so the silence punctuation runs. Excludes Kafka I/O, transactions and the record
 * cache (the driver commits after every record); input records are serialized before the clock starts, so the
 * figures include decoding them but not writing them. It prints records per second of wall-clock time and per
 * second of the driving thread's CPU time (steadier on a machine others share). Not a test (no assertions, not run by Surefire): run it
 * before and after a change on the same machine.
 *
 * <pre>
 * ./mvnw -o -q test-compile dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt -Dmdep.includeScope=test -pl device-registry
 * java -Xmx1g -cp device-registry/target/test-classes:device-registry/target/classes:$(cat /tmp/cp.txt) \
 *     io.nhp.registry.streams.DeviceTopologyThroughput [devices=50000] [rounds=6]
 * java ... io.nhp.registry.streams.DeviceTopologyThroughput codecs      (the store codecs and the local time alone)
 * </pre>
 */
public final class DeviceTopologyThroughput {

    static final Instant START = Instant.parse("2026-11-22T23:00:00Z");
    static final String[] ZONES = {null, "Asia/Kolkata", "Europe/Berlin", "America/Sao_Paulo", "Asia/Shanghai"};
    static final ActiveHours NIGHTS = new ActiveHours(LocalTime.of(22, 0), LocalTime.of(7, 0));

    public static void main(String[] args) throws IOException {
        // Kafka's trace and debug lines are formatted before any handler drops them: off, as in the service
        org.jboss.logmanager.LogContext.getLogContext().getLogger("").setLevel(java.util.logging.Level.WARNING);
        if (args.length > 0 && args[0].equals("codecs")) {
            codecs();
            return;
        }
        int devices = args.length > 0 ? Integer.parseInt(args[0]) : 50_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 6;
        // on tmpfs where there is one: the driver commits, and so checkpoints (fsync) every store, after every record
        Path shm = Path.of("/dev/shm");
        Path stateDir = Files.isDirectory(shm) ? Files.createTempDirectory(shm, "device-topology-throughput")
                : Files.createTempDirectory("device-topology-throughput");
        var props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "device-topology-throughput");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        // the fleet's stores (status table, fleet aggregate; built in service-support) in memory: in RocksDB the
        // driver's flush after every record (see rarelyFlushed) made each status change cost milliseconds
        props.put(StreamsConfig.DSL_STORE_SUPPLIERS_CLASS_CONFIG,
                BuiltInDslStoreSuppliers.InMemoryDslStoreSuppliers.class);
        var rules = new LivenessRules(new EligibilityRules(20, 40.0, ThermalStatus.LIGHT, Duration.ofMinutes(5)));
        try (var driver = new TopologyTestDriver(DeviceTopology.build(rules, Duration.ofSeconds(147),
                Duration.ofSeconds(1), Duration.ofMinutes(5), new RecentHeartbeats(), DeviceTopologyThroughput::rarelyFlushed), props, START)) {
            run(driver, devices, rounds);
        } finally {
            delete(stateDir);
        }
    }

    private static void run(TopologyTestDriver driver, int devices, int rounds) {
        TestInputTopic<String, byte[]> registrations = driver.createInputTopic(Topics.DEVICES_REGISTERED.name(),
                new StringSerializer(), new ByteArraySerializer());
        TestInputTopic<String, byte[]> heartbeats = driver.createInputTopic(Topics.DEVICES_HEARTBEATS.name(),
                new StringSerializer(), new ByteArraySerializer());

        Serializer<DeviceRegisteredEvent> registrationBytes = Topics.DEVICES_REGISTERED.valueSerde().serializer();
        List<TestRecord<String, byte[]>> registered = new ArrayList<>(devices);
        for (int i = 0; i < devices; i++) {
            String id = "d-" + i;
            var event = new DeviceRegisteredEvent("r-" + i, START, id, "xiaomi", "Xiaomi 14", "India", "o-" + (i % 1000),
                    34.0, 12, "india", false, ZONES[i % ZONES.length], i % 2 == 0 ? NIGHTS : null, "1.0.0", 1);
            registered.add(new TestRecord<>(id, registrationBytes.serialize(Topics.DEVICES_REGISTERED.name(), event),
                    START));
        }
        long t0 = System.nanoTime();
        long c0 = cpu();
        registrations.pipeRecordList(registered);
        long registrationNanos = System.nanoTime() - t0;
        long registrationCpu = cpu() - c0;
        registered.clear();
        drain(driver);
        System.out.printf("registrations: %,d in %.2f s = %,.0f/s; per CPU second of the thread %,.0f/s%n", devices,
                registrationNanos / 1e9, devices / (registrationNanos / 1e9), devices / (registrationCpu / 1e9));

        Serializer<HeartbeatEvent> heartbeatBytes = Topics.DEVICES_HEARTBEATS.valueSerde().serializer();
        long steadyNanos = 0;
        long steadyCpu = 0;
        long steadyBeats = 0;
        long totalNanos = 0;
        for (int round = 0; round < rounds; round++) {
            // one heartbeat per device in this minute, device i at second (i * 60 / devices) of it
            List<List<TestRecord<String, byte[]>>> seconds = new ArrayList<>(60);
            for (int s = 0; s < 60; s++) {
                seconds.add(new ArrayList<>());
            }
            for (int i = 0; i < devices; i++) {
                int second = (int) ((long) i * 60 / devices);
                Instant at = START.plusSeconds(round * 60L + second);
                // about one device in 40 is unplugged for a minute: two transitions; the rest report the same
                boolean charging = (i + round) % 40 != 0;
                var beat = new HeartbeatEvent("h-" + i + "-" + round, at, at, "d-" + i, "xiaomi", charging, 80, 31.5,
                        NetworkType.WIFI, true, 10, ThermalStatus.NONE);
                seconds.get(second).add(new TestRecord<>("d-" + i,
                        heartbeatBytes.serialize(Topics.DEVICES_HEARTBEATS.name(), beat), at));
            }
            long roundNanos = 0;
            long roundCpu = 0;
            for (List<TestRecord<String, byte[]>> second : seconds) {
                long start = System.nanoTime();
                long startCpu = cpu();
                heartbeats.pipeRecordList(second);
                driver.advanceWallClockTime(Duration.ofSeconds(1));
                roundNanos += System.nanoTime() - start;
                roundCpu += cpu() - startCpu;
            }
            drain(driver);
            totalNanos += roundNanos;
            if (round > 0) {
                steadyNanos += roundNanos;
                steadyCpu += roundCpu;
                steadyBeats += devices;
            }
            System.out.printf("round %d: %,d heartbeats in %.2f s = %,.0f/s; per CPU second %,.0f/s%n", round + 1,
                    devices, roundNanos / 1e9, devices / (roundNanos / 1e9), devices / (roundCpu / 1e9));
        }
        System.out.printf("heartbeats: %,d in %.2f s = %,.0f/s; after the first round (state unchanged for most) "
                        + "%,.0f/s, per CPU second of the thread %,.0f/s%n", (long) devices * rounds, totalNanos / 1e9,
                (long) devices * rounds / (totalNanos / 1e9), steadyBeats / (steadyNanos / 1e9),
                steadyBeats / (steadyCpu / 1e9));
    }

    /**
     * A RocksDB store flushed at one commit in 10,000. The driver commits after every record, and a commit it makes
     * checkpoints, which flushes every RocksDB store's memtable to a new file: that took 90 % of the time. Kafka
     * Streams itself checkpoints under exactly-once only once 10,000 records have been processed since the last.
     */
    static KeyValueBytesStoreSupplier rarelyFlushed(String name) {
        return DelegatingStore.wrapping(Stores.persistentKeyValueStore(name), RarelyFlushed::new);
    }

    private static final class RarelyFlushed extends DelegatingStore {
        private long flushes;

        RarelyFlushed(KeyValueStore<Bytes, byte[]> rocks) {
            super(rocks);
        }

        @Override
        public void flush() {
            if (++flushes % 10_000 == 0) {
                super.flush();
            }
        }

        @Override
        public void close() {
            super.flush();
            super.close();
        }

        @Override
        public void init(StateStoreContext context, StateStore root) {
            super.init(new RarelyCheckpointing(context), root);
        }
    }

    /** Calls a store's commit callback (RocksDB's writes its position file) at one commit in 10,000, likewise. */
    private record RarelyCheckpointing(StateStoreContext context) implements StateStoreContext {
        @Override
        public void register(StateStore store, StateRestoreCallback restore, CommitCallback commit) {
            long[] commits = new long[1];
            context.register(store, restore, () -> {
                if (++commits[0] % 10_000 == 0) {
                    commit.onCommit();
                }
            });
        }

        @Override
        public void register(StateStore store, StateRestoreCallback restore) {
            context.register(store, restore);
        }

        @Override
        public String applicationId() {
            return context.applicationId();
        }

        @Override
        public TaskId taskId() {
            return context.taskId();
        }

        @Override
        public Optional<RecordMetadata> recordMetadata() {
            return context.recordMetadata();
        }

        @Override
        public Serde<?> keySerde() {
            return context.keySerde();
        }

        @Override
        public Serde<?> valueSerde() {
            return context.valueSerde();
        }

        @Override
        public File stateDir() {
            return context.stateDir();
        }

        @Override
        public StreamsMetrics metrics() {
            return context.metrics();
        }

        @Override
        public Map<String, Object> appConfigs() {
            return context.appConfigs();
        }

        @Override
        public Map<String, Object> appConfigsWithPrefix(String prefix) {
            return context.appConfigsWithPrefix(prefix);
        }
    }

    /**
     * What a heartbeat costs in the processor apart from the driver and the stores' own work, old way and new: the
     * devices' and liveness values decoded and the liveness encoded as JSON (the old stores) and as binary, and the
     * device's local time of day through ZoneId.of and a ZonedDateTime and through LocalClock.
     */
    private static void codecs() {
        var registration = new DeviceRegisteredEvent("r-1", START, "d-1", "xiaomi", "Xiaomi 14", "India", "o-1", 34.0, 12,
                "india", false, "Asia/Kolkata", NIGHTS, "1.0.0", 1);
        var liveness = new io.nhp.registry.domain.Liveness(START, START, io.nhp.contracts.events.DeviceState.ELIGIBLE,
                List.of(), false, null);
        var jsonRegistrations = new io.nhp.contracts.serde.JsonSerde<>(DeviceRegisteredEvent.class);
        var jsonLiveness = new io.nhp.contracts.serde.JsonSerde<>(io.nhp.registry.domain.Liveness.class);
        byte[] registrationJson = jsonRegistrations.serializer().serialize("t", registration);
        byte[] registrationBinary = StoreSerdes.REGISTRATIONS.serializer().serialize("t", registration);
        byte[] livenessJson = jsonLiveness.serializer().serialize("t", liveness);
        byte[] livenessBinary = StoreSerdes.LIVENESS.serializer().serialize("t", liveness);
        System.out.printf("bytes: registration JSON %d, binary %d; liveness JSON %d, binary %d%n",
                registrationJson.length, registrationBinary.length, livenessJson.length, livenessBinary.length);
        for (int pass = 0; pass < 2; pass++) {
            boolean print = pass == 1;
            time(print, "registration decode JSON", () -> jsonRegistrations.deserializer().deserialize("t", registrationJson));
            time(print, "registration decode binary", () -> StoreSerdes.REGISTRATIONS.deserializer().deserialize("t", registrationBinary));
            time(print, "liveness decode JSON", () -> jsonLiveness.deserializer().deserialize("t", livenessJson));
            time(print, "liveness decode binary", () -> StoreSerdes.LIVENESS.deserializer().deserialize("t", livenessBinary));
            time(print, "liveness encode JSON", () -> jsonLiveness.serializer().serialize("t", liveness));
            time(print, "liveness encode binary", () -> StoreSerdes.LIVENESS.serializer().serialize("t", liveness));
            Instant at = START.plusSeconds(pass);
            time(print, "local time ZoneId.of + atZone", () -> at.atZone(java.time.ZoneId.of("Asia/Kolkata")).toLocalTime());
            io.nhp.registry.domain.LocalClock kolkata = io.nhp.registry.domain.LocalClock.of("Asia/Kolkata");
            time(print, "local time LocalClock", () -> kolkata.nanoOfDay(at));
        }
    }

    private static Object sink;

    private static void time(boolean print, String what, java.util.function.Supplier<Object> op) {
        int n = 1_000_000;
        long c0 = cpu();
        for (int i = 0; i < n; i++) {
            sink = op.get();
        }
        if (print) {
            System.out.printf("%-32s %,6.0f ns (CPU) per operation%n", what, (cpu() - c0) / (double) n);
        }
    }

    /** CPU time of this thread: on a shared machine steadier than the wall clock. */
    private static long cpu() {
        return ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
    }

    /** The driver keeps every record produced, changelogs included: read them off so memory stays flat. */
    private static void drain(TopologyTestDriver driver) {
        for (String topic : driver.producedTopicNames()) {
            driver.createOutputTopic(topic, new ByteArrayDeserializer(), new ByteArrayDeserializer())
                    .readRecordsToList();
        }
    }

    private static void delete(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
