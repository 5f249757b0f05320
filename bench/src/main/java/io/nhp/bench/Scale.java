package io.nhp.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.nhp.contracts.Topics;
import io.nhp.contracts.events.DeviceRegisteredEvent;
import io.nhp.contracts.events.HeartbeatEvent;
import io.nhp.contracts.events.NetworkType;
import io.nhp.contracts.events.Required;
import io.nhp.contracts.events.ThermalStatus;
import io.nhp.contracts.serde.Json;
import io.nhp.sim.Platform;
import io.nhp.sim.model.FleetPlan;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Scenario 5: a million registered phones, 400,000 of them beating. Registering a million phones through the API
 * would take longer than the whole benchmark may (each registration signs a credential), so the harness registers
 * one phone per (model, market) of the partner's fleet through the API and writes the rest of the fleet as copies
 * of those registrations — exactly the records device-registry's registrar writes — straight to
 * {@code nhp.devices.registered}; the online phones' heartbeats go straight to {@code nhp.devices.heartbeats},
 * paced as the platform paces phones (one per phone per interval). Measures the time until device-registry and
 * economics-service show the whole fleet, each service's RSS at that size, and how long device-registry and
 * economics-service take from a restart until they have caught up again.
 */
final class Scale {

    private static final String BOOTSTRAP = "127.0.0.1:9092";
    private static final String PARTNER = "xiaomi";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    /** Within a second of the live heartbeat stream counts as caught up. */
    private static final long CAUGHT_UP_LAG = 10_000;

    private final Platform platform;
    private final Results figures;
    private final int registered;
    private final int online;
    private final int intervalSeconds;

    Scale(Platform platform, Results figures, int registered, int online, int intervalSeconds) {
        this.platform = platform;
        this.figures = figures;
        this.registered = registered;
        this.online = online;
        this.intervalSeconds = intervalSeconds;
    }

    /** A service of the platform, how to read its fleet figures, and its Kafka Streams application id. */
    private record Service(String name, String url, String registeredField, String onlineField,
                           Set<String> sourceTopics) {
    }

    private static final Service REGISTRY = new Service("device-registry",
            "http://localhost:8081/api/v1/fleet?partner=" + PARTNER, "registered", "online",
            Set.of(Topics.DEVICES_REGISTERED.name(), Topics.DEVICES_HEARTBEATS.name()));
    private static final Service ECONOMICS = new Service("economics-service",
            "http://localhost:8084/api/v1/capacity/" + PARTNER, "registeredDevices", "onlineDevices",
            Set.of(Topics.DEVICES_STATUS.name()));

    void run() throws Exception {
        Fleet fleet = fleet();
        AtomicBoolean beating = new AtomicBoolean(true);
        AtomicReference<Exception> beaterFailure = new AtomicReference<>();
        try (KafkaProducer<String, Object> producer = producer(); Admin admin = Admin.create(
                Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, BOOTSTRAP))) {
            long start = System.nanoTime();
            Bench.say(String.format(Locale.ROOT, "scale: writing %,d registrations", fleet.size()));
            for (int i = 0; i < fleet.size(); i++) {
                DeviceRegisteredEvent registration = fleet.registration(i);
                producer.send(new ProducerRecord<>(Topics.DEVICES_REGISTERED.name(), registration.deviceId(), registration));
            }
            producer.flush();
            double written = (System.nanoTime() - start) / 1e9;
            awaitCaughtUp(admin, REGISTRY, registered, 0, Duration.ofMinutes(8));
            double registry = (System.nanoTime() - start) / 1e9;
            awaitCaughtUp(admin, ECONOMICS, registered, 0, Duration.ofMinutes(3));
            double economics = (System.nanoTime() - start) / 1e9;
            figures.add("5 Scale", String.format(Locale.ROOT, "%,d registrations loaded (device-registry)", registered),
                    registry, "s", null, null, String.format(Locale.ROOT, "%,.0f registrations/s; written to Kafka in "
                            + "%.1f s; economics-service counted them all after %.1f s", fleet.size() / registry,
                            written, economics));

            // then the online phones: their first heartbeats at once, as after an outage, then one per interval
            List<String> beaters = java.util.stream.IntStream.range(0, online).mapToObj(Fleet::deviceId).toList();
            long beatsStart = System.nanoTime();
            beaters.forEach(deviceId -> producer.send(heartbeat(deviceId)));
            producer.flush();
            Bench.say(String.format(Locale.ROOT, "scale: %,d heartbeats written; the online phones go on beating, "
                    + "one heartbeat each per %d s", online, intervalSeconds));
            Thread beater = new Thread(() -> beat(producer, beaters, beating, beaterFailure), "beater");
            beater.start();
            try {
                awaitCaughtUp(admin, REGISTRY, registered, online, Duration.ofMinutes(4));
                double onlineRegistry = (System.nanoTime() - beatsStart) / 1e9;
                awaitCaughtUp(admin, ECONOMICS, registered, online, Duration.ofMinutes(3));
                figures.add("5 Scale", String.format(Locale.ROOT, "%,d phones online (device-registry)", online),
                        onlineRegistry, "s", null, null, String.format(Locale.ROOT, "%,.0f heartbeats/s through "
                                + "liveness and eligibility; economics-service after %.1f s", online / onlineRegistry,
                                (System.nanoTime() - beatsStart) / 1e9));
                for (String service : List.of("device-registry", "economics-service", "job-broker",
                        "report-service", "pricing-service")) {
                    double rss = rssMiB(service);
                    figures.add("5 Scale", "RSS of " + service, rss, "MiB", "≤ 1,536 MiB", rss <= 1536,
                            String.format(Locale.ROOT, "%,d registered, %,d online; %s", registered, online,
                                    heapOf(service)));
                }
                for (Service service : List.of(REGISTRY, ECONOMICS)) {
                    double seconds = restartToCaughtUp(admin, service, registered);
                    figures.add("5 Scale", "restart → caught up, " + service.name(), seconds, "s", "≤ 60 s",
                            seconds <= 60, "graceful stop, new JVM started → ready, the whole fleet shown and "
                                    + "its input lag under " + CAUGHT_UP_LAG + " records");
                }
            } finally {
                beating.set(false);
                beater.join(TimeUnit.SECONDS.toMillis(intervalSeconds + 10));
            }
            if (beaterFailure.get() != null) {
                throw new IllegalStateException("heartbeats could not be written", beaterFailure.get());
            }
        }
    }

    /**
     * The fleet written to the topic, phone by phone (a million events would not fit this JVM's heap at once):
     * copies of the templates, drawn in the partner's proportions.
     */
    private record Fleet(List<FleetPlan.Phone> plan, Map<String, DeviceRegisteredEvent> templates, int size) {

        static String deviceId(int i) {
            return UUID.nameUUIDFromBytes(("scale-" + i).getBytes(StandardCharsets.UTF_8)).toString();
        }

        DeviceRegisteredEvent registration(int i) {
            FleetPlan.Phone phone = plan.get(i % plan.size());
            DeviceRegisteredEvent t = templates.get(phone.model() + "|" + phone.market());
            return new DeviceRegisteredEvent(Required.newEventId(), Instant.now(), deviceId(i), t.partner(), t.model(),
                    t.market(), "scale-owner-" + i / 2, t.tops(), t.ramGb(), t.region(), t.regionDefaulted(),
                    phone.zone().getId(), t.activeHours(), t.agentVersion(), 1);
        }
    }

    /**
     * One phone per (model, market) of the partner's fleet registered through the API: its registration, as the
     * registrar wrote it (TOPS, RAM and region from the partner profile and the market table), is the template
     * of the other phones of that kind.
     */
    private Fleet fleet() throws Exception {
        JsonNode profile = platform.partnerProfile(PARTNER);
        List<FleetPlan.Phone> plan = FleetPlan.draw(PARTNER, profile, 10_000, Map.of(), 0, 0, 11);
        Map<String, String> templateDevices = new HashMap<>();
        for (FleetPlan.Phone phone : plan) {
            String kind = phone.model() + "|" + phone.market();
            if (!templateDevices.containsKey(kind)) {
                templateDevices.put(kind, platform.register(PARTNER, phone.model(), phone.market(),
                        "scale-template-" + templateDevices.size(), phone.zone().getId(), "00:00", "23:59").deviceId());
            }
        }
        Bench.say("scale: " + templateDevices.size() + " phones registered through the API, one per (model, market)");
        Map<String, DeviceRegisteredEvent> byDevice = registrations(Set.copyOf(templateDevices.values()));
        Map<String, DeviceRegisteredEvent> templates = new HashMap<>();
        templateDevices.forEach((kind, device) -> templates.put(kind, byDevice.get(device)));
        return new Fleet(plan, templates, registered - templates.size());
    }

    /** The registrations of these devices, read back from the topic. */
    private static Map<String, DeviceRegisteredEvent> registrations(Set<String> deviceIds) {
        Map<String, DeviceRegisteredEvent> found = new HashMap<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, BOOTSTRAP,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.DEVICES_REGISTERED.name()).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (found.size() < deviceIds.size() && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> raw : consumer.poll(Duration.ofMillis(500))) {
                    Topics.DEVICES_REGISTERED.decode(raw).map(ConsumerRecord::value)
                            .filter(event -> deviceIds.contains(event.deviceId()))
                            .ifPresent(event -> found.put(event.deviceId(), event));
                }
            }
        }
        if (found.size() < deviceIds.size()) {
            throw new IllegalStateException("the template registrations did not appear in " + Topics.DEVICES_REGISTERED.name());
        }
        return found;
    }

    /** One heartbeat per online phone per interval, spread evenly over it, until told to stop. */
    private void beat(KafkaProducer<String, Object> producer, List<String> devices, AtomicBoolean beating,
                      AtomicReference<Exception> failure) {
        long perBeatNanos = TimeUnit.SECONDS.toNanos(intervalSeconds) / devices.size();
        long next = System.nanoTime();
        try {
            for (int i = 0; beating.get(); i = (i + 1) % devices.size()) {
                producer.send(heartbeat(devices.get(i)));
                next += perBeatNanos;
                long ahead = next - System.nanoTime();
                if (ahead > 1_000_000) {
                    Thread.sleep(ahead / 1_000_000);
                }
            }
        } catch (Exception e) {
            failure.set(e);
        }
    }

    /** A phone fit to compute, heard now. */
    private static ProducerRecord<String, Object> heartbeat(String deviceId) {
        Instant now = Instant.now();
        return new ProducerRecord<>(Topics.DEVICES_HEARTBEATS.name(), deviceId, new HeartbeatEvent(Required.newEventId(),
                now, now, deviceId, PARTNER, true, 80, 30.0, NetworkType.WIFI, true, 5, ThermalStatus.NONE));
    }

    /** Stops the service gracefully, starts it again: seconds from the new JVM's start to caught up. */
    private double restartToCaughtUp(Admin admin, Service service, long registered) throws Exception {
        Bench.say("scale: restarting " + service.name());
        Path pidFile = Path.of(".run", "pids", service.name() + ".pid");
        String before = Files.readString(pidFile).trim();
        Process restart = new ProcessBuilder("./nhp", "restart", service.name()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(Path.of("bench", "target", "nhp.log").toFile()))
                .start();
        long started = 0;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (started == 0) {
            String now = Files.exists(pidFile) ? Files.readString(pidFile).trim() : before;
            if (!now.isEmpty() && !now.equals(before)) {
                started = System.nanoTime();
            } else if (System.nanoTime() > deadline || !restart.isAlive() && restart.exitValue() != 0) {
                throw new IllegalStateException("./nhp restart " + service.name() + " did not start it (bench/target/nhp.log)");
            }
            Thread.sleep(20);
        }
        awaitCaughtUp(admin, service, registered, online, Duration.ofMinutes(3));
        double seconds = (System.nanoTime() - started) / 1e9;
        if (restart.waitFor(2, TimeUnit.MINUTES) && restart.exitValue() != 0) {
            throw new IllegalStateException("./nhp restart " + service.name() + " failed (bench/target/nhp.log)");
        }
        return seconds;
    }

    /** Until the service shows the whole fleet and has read its input to within a second of the stream. */
    private void awaitCaughtUp(Admin admin, Service service, long registered, long online, Duration timeout)
            throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "";
        long lastSaid = 0;
        while (true) {
            JsonNode figures = get(service.url());
            long shownRegistered = figures.path(service.registeredField()).asLong(-1);
            long shownOnline = figures.path(service.onlineField()).asLong(-1);
            long lag = shownRegistered == registered && shownOnline == online ? lag(admin, service.name(), service.sourceTopics()) : -1;
            if (lag >= 0 && lag <= CAUGHT_UP_LAG) {
                return;
            }
            last = String.format(Locale.ROOT, "%s shows %,d registered, %,d online%s", service.name(), shownRegistered,
                    shownOnline, lag >= 0 ? ", input lag " + lag : "");
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("not caught up within " + timeout + ": " + last);
            }
            if (System.nanoTime() - lastSaid > TimeUnit.SECONDS.toNanos(10)) {
                Bench.say("scale: " + last);
                lastSaid = System.nanoTime();
            }
            Thread.sleep(200);
        }
    }

    /** Records of these input topics that the consumer group has not committed yet. */
    static long lag(Admin admin, String group, Set<String> topics) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS).entrySet().stream()
                .filter(e -> topics.contains(e.getKey().topic()) && e.getValue() != null)
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        if (committed.isEmpty()) {
            return Long.MAX_VALUE;
        }
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin.listOffsets(committed.keySet().stream()
                .collect(Collectors.toMap(p -> p, p -> OffsetSpec.latest()))).all().get(10, TimeUnit.SECONDS);
        return committed.entrySet().stream()
                .mapToLong(e -> Math.max(0, ends.get(e.getKey()).offset() - e.getValue().offset())).sum();
    }

    private static JsonNode get(String url) {
        try {
            // ops' dev credential: economics-service shows a partner's figures only to it or to ops (SECURITY.md)
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url))
                    .header("Authorization", "Bearer dev-admin-token")
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? Json.MAPPER.readTree(response.body()) : Json.MAPPER.createObjectNode();
        } catch (IOException | InterruptedException e) {
            return Json.MAPPER.createObjectNode();
        }
    }

    /** Resident memory of a service's JVM, from /proc. */
    private static double rssMiB(String service) throws IOException {
        String pid = Files.readString(Path.of(".run", "pids", service + ".pid")).trim();
        for (String line : Files.readAllLines(Path.of("/proc", pid, "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) / 1024.0;
            }
        }
        throw new IllegalStateException("no VmRSS for " + service);
    }

    /** The heap the service's JVM was given (its -Xmx), as its command line says. */
    private static String heapOf(String service) throws IOException {
        String pid = Files.readString(Path.of(".run", "pids", service + ".pid")).trim();
        for (String argument : Files.readString(Path.of("/proc", pid, "cmdline")).split("\0")) {
            if (argument.startsWith("-Xmx")) {
                return argument;
            }
        }
        return "default heap";
    }

    /** As the services produce: idempotent, acks=all; larger batches, since this is a bulk load. */
    private static KafkaProducer<String, Object> producer() {
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, BOOTSTRAP,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 20,
                ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024),
                new StringSerializer(), Scale::inItsTopicsForm);
    }

    /** Each value in its topic's own form (heartbeats are binary), as the services write them. */
    @SuppressWarnings("unchecked")
    private static byte[] inItsTopicsForm(String topic, Object value) {
        return ((Serializer<Object>) Topics.byName(topic).orElseThrow().valueSerde().serializer()).serialize(topic, value);
    }
}
