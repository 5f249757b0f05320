package io.nhp.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nhp.agent.PartnerKey;
import io.nhp.agent.compute.EmbeddingCompute;
import io.nhp.agent.compute.Output;
import io.nhp.agent.compute.Work;
import io.nhp.agent.protocol.CallFailed;
import io.nhp.agent.protocol.Exchanged;
import io.nhp.agent.protocol.LeaseResult;
import io.nhp.agent.protocol.PlatformClient;
import io.nhp.agent.protocol.Result;
import io.nhp.contracts.Topics;
import io.nhp.contracts.events.JobCompletedEvent;
import io.nhp.embeddings.MiniLm;
import io.nhp.kafka.testkit.PackagedServices;
import io.nhp.kafka.testkit.SharedKafka;
import io.nhp.sim.model.FleetPlan;
import io.nhp.sim.model.PhoneState;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Three job-broker instances share one partner's jobs through their consumer group, and one of them is killed
 * ({@code kill -9}) while phones compute and the partner submits: its partitions go to the other two within 15 s, every
 * job accepted before or after completes, and each completion is in {@code nhp.jobs.completed} exactly once. The
 * services run as packaged (dev profile, as {@code ./nhp} runs them); phones and partner use only the public APIs.
 */
class ScaleOutIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final List<String> BROKERS = List.of("job-broker-a", "job-broker-b", "job-broker-c");
    private static final int PHONES = 12;
    /** Not xiaomi: FleetSimulatorIT counts xiaomi's whole fleet on the same broker. */
    private static final String PARTNER = "samsung";
    private static final String PARTNER_TOKEN = "dev-samsung-token";
    private static PackagedServices services;

    @BeforeAll
    static void startThreeBrokers() {
        List<PackagedServices.Instance> instances = new ArrayList<>(List.of(
                new PackagedServices.Instance("pricing-service", "pricing-service", List.of()),
                new PackagedServices.Instance("device-registry", "device-registry", List.of())));
        for (String name : BROKERS) {
            instances.add(new PackagedServices.Instance(name, "job-broker", List.of(
                    "-Dnhp.jobs.transactional-id=" + name, "-Dnhp.jobs.group=nhp.jobs.brokers-scale-out-it")));
        }
        services = PackagedServices.start(SharedKafka.bootstrapServers(), instances);
    }

    @AfterAll
    static void stop() {
        if (services != null) {
            services.close();
        }
    }

    @Test
    void shouldServeEveryJobExactlyOnceWhenOneOfThreeInstancesIsKilledAndAnotherFrozen() throws Exception {
        // given three instances that share the six partitions of nhp.jobs.state
        await().atMost(Duration.ofSeconds(60)).until(() -> servedPartitions(BROKERS) == 6);
        for (String broker : BROKERS) {
            assertThat(servedPartitions(List.of(broker))).as(broker + "'s partitions").isPositive();
        }
        // and phones, each polling one instance (the next one when its own is gone), computing real vectors
        var embeddings = new EmbeddingAnswers(CompletableFuture.completedFuture(new EmbeddingCompute(MiniLm.load())));
        Set<String> alive = ConcurrentHashMap.newKeySet();
        alive.addAll(BROKERS);
        AtomicBoolean running = new AtomicBoolean(true);
        ExecutorService phones = Executors.newFixedThreadPool(PHONES);
        List<Simulation.Device> fleet = registerEligiblePhones();
        for (int i = 0; i < fleet.size(); i++) {
            Simulation.Device phone = fleet.get(i);
            int first = i % BROKERS.size();
            phones.submit(() -> compute(phone, first, alive, running, embeddings));
        }

        // when the partner submits jobs to every instance, one instance is killed a third of the way, and another
        // is frozen (as by a long GC pause) for longer than its session two thirds of the way, then runs on
        List<String> accepted = new ArrayList<>();
        Instant killedAt = null;
        Duration failover = null;
        CompletableFuture<Void> frozen = CompletableFuture.completedFuture(null);
        for (int i = 0; i < 240; i++) {
            if (i == 80) {
                services.kill("job-broker-a");
                alive.remove("job-broker-a");
                killedAt = Instant.now();
            }
            if (i == 160) {
                if (failover == null) { // the kill's failover is measured first, on two live instances
                    failover = failoverSince(killedAt);
                }
                alive.remove("job-broker-b");
                services.pause("job-broker-b");
                frozen = CompletableFuture.runAsync(() -> {
                    try {
                        TimeUnit.SECONDS.sleep(10); // the pause itself: longer than the 6 s session
                        services.resume("job-broker-b");
                        alive.add("job-broker-b");
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
            }
            if (killedAt != null && failover == null && servedPartitions(List.of("job-broker-b", "job-broker-c")) == 6) {
                failover = Duration.between(killedAt, Instant.now());
            }
            accepted.add(submit(i, alive));
            TimeUnit.MILLISECONDS.sleep(50); // 20 jobs a second: the submitter's pace, not a synchronisation
        }

        frozen.get(30, TimeUnit.SECONDS);

        // then the two others took the killed one's partitions within 15 s
        assertThat(failover).as("time until the killed instance's partitions were served again")
                .isLessThanOrEqualTo(Duration.ofSeconds(15));
        // and every accepted job completed, each exactly once on nhp.jobs.completed (read_committed), the frozen
        // instance's late writes included: refused at its fence, or waited for by its successor
        Map<String, Integer> completions = new HashMap<>();
        try (KafkaConsumer<byte[], byte[]> consumer = completedReader()) {
            consumer.subscribe(List.of(Topics.JOBS_COMPLETED.name()));
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ZERO).until(() -> {
                count(consumer.poll(Duration.ofMillis(500)), completions);
                return completions.keySet().containsAll(accepted);
            });
            count(consumer.poll(Duration.ofSeconds(2)), completions); // a second completion would be just behind
        } finally {
            running.set(false);
            phones.shutdown();
            phones.awaitTermination(30, TimeUnit.SECONDS);
        }
        assertThat(accepted).hasSize(240).doesNotHaveDuplicates();
        assertThat(accepted).allSatisfy(job -> assertThat(completions.get(job)).as("completions of " + job).isEqualTo(1));
        // and a job's state is answered alike by either instance: the one that does not serve it forwards the read
        await().atMost(Duration.ofSeconds(60)).until(() -> servedPartitions(List.of("job-broker-b", "job-broker-c")) == 6);
        String job = accepted.get(accepted.size() - 1);
        for (String broker : List.of("job-broker-b", "job-broker-c")) {
            HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(services.url(broker)
                            .resolve("/api/v1/jobs/" + job)).header("Authorization", "Bearer " + PARTNER_TOKEN).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).as(broker + "'s answer").isEqualTo(200);
            JsonNode state = JSON.readTree(answer.body());
            assertThat(state.path("jobId").asText()).isEqualTo(job);
            assertThat(state.path("state").asText()).isEqualTo("COMPLETED");
        }
    }

    /** How long after {@code killedAt} the two other instances serve all six partitions (at most 30 s waited). */
    private static Duration failoverSince(Instant killedAt) {
        while (servedPartitions(List.of("job-broker-b", "job-broker-c")) != 6) {
            assertThat(Duration.between(killedAt, Instant.now())).as("failover").isLessThan(Duration.ofSeconds(30));
        }
        return Duration.between(killedAt, Instant.now());
    }

    /** Counts completions by job id, decoded with the topic's own serde (as job-broker wrote them). */
    private static void count(Iterable<ConsumerRecord<byte[], byte[]>> records, Map<String, Integer> completions) {
        for (ConsumerRecord<byte[], byte[]> raw : records) {
            JobCompletedEvent event = Topics.JOBS_COMPLETED.read(raw).value();
            completions.merge(event.jobId(), 1, Integer::sum);
        }
    }

    /** Partitions of nhp.jobs.state these instances serve now, by their gauge (an instance that is gone: 0). */
    private static int servedPartitions(List<String> brokers) {
        int served = 0;
        for (String broker : brokers) {
            try {
                HttpResponse<String> metrics = HTTP.send(HttpRequest.newBuilder(services.url(broker)
                        .resolve("/q/metrics")).timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                served += (int) metrics.body().lines().filter(line -> line.startsWith("nhp_jobs_partitions_served "))
                        .mapToDouble(line -> Double.parseDouble(line.substring(line.indexOf(' ') + 1))).sum();
            } catch (IOException e) {
                // gone
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return served;
    }

    /** Registers the phones with device-registry and reports them fit (charging, Wi-Fi, screen off) through the gateway. */
    private static List<Simulation.Device> registerEligiblePhones() {
        Platform platform = new Platform(urls("job-broker-b"), PartnerKey.dev());
        JsonNode profile = platform.partnerProfile(PARTNER);
        List<Simulation.Device> fleet = new ArrayList<>();
        var hhmm = DateTimeFormatter.ofPattern("HH:mm");
        for (FleetPlan.Phone phone : FleetPlan.draw(PARTNER, profile, PHONES, Map.of(), 0.0, 0.0, 7)) {
            LocalTime now = LocalTime.now(phone.zone()); // active all day but a minute
            fleet.add(new Simulation.Device(phone, platform.register(phone.partner(), phone.model(), phone.market(),
                    phone.ownerId(), phone.zone().getId(), now.minusMinutes(1).format(hhmm),
                    now.minusMinutes(2).format(hhmm))));
        }
        PhoneState fit = new PhoneState(true, 90, 30.0, PhoneState.Network.WIFI, true, 5, PhoneState.Thermal.NONE);
        List<Platform.BeatAnswer> answers = platform.heartbeats("dev-gateway-token",
                fleet.stream().map(d -> new Platform.Beat(d.deviceId, fit)).toList());
        assertThat(answers).allSatisfy(answer -> assertThat(answer.status()).as(answer.reason()).isEqualTo(202));
        return fleet;
    }

    /**
     * A phone: exchanges with its instance (the next live one once it is gone): the last result handed in, the next
     * lease taken; computes each lease's vector.
     */
    private static void compute(Simulation.Device phone, int first, Set<String> alive, AtomicBoolean running,
                                EmbeddingAnswers embeddings) {
        int at = first;
        List<LeaseResult> results = List.of();
        while (running.get()) {
            String broker = BROKERS.get(at);
            if (!alive.contains(broker)) {
                at = (at + 1) % BROKERS.size();
                results = List.of(); // its leases are lost with it: they expire and are leased again
                continue;
            }
            var client = new PlatformClient(services.url("device-registry"), services.url(broker));
            try {
                Exchanged exchanged = client.exchange(phone.token, results, 1, 1, List.of(EmbeddingCompute.TASK_TYPE));
                results = exchanged.leases().stream().map(lease -> {
                    Output output = embeddings.honest(new Work(lease.taskType(), lease.input(), lease.model()));
                    return new LeaseResult(lease.leaseId(), new Result(Result.Status.SUCCEEDED, output.outputHash(),
                            0.05, output.output()));
                }).toList();
            } catch (CallFailed e) {
                // the instance is gone, or refused while rebalancing: go on (a result handed in twice counts once)
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Submits an embeddings job to a live instance (the next one if it cannot be reached); its id. */
    private static String submit(int i, Set<String> alive) throws Exception {
        String body = JSON.createObjectNode().put("taskType", "embeddings").put("input", "Failover text " + (i % 7))
                .put("redundancy", 1).put("deadlineSeconds", 5).toString();
        for (int attempt = 0; attempt < 20; attempt++) {
            String broker = BROKERS.get((i + attempt) % BROKERS.size());
            if (!alive.contains(broker)) {
                continue;
            }
            try {
                HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(services.url(broker)
                                .resolve("/api/v1/jobs")).header("Authorization", "Bearer " + PARTNER_TOKEN)
                        .header("Content-Type", "application/json").timeout(Duration.ofSeconds(10))
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
                if (answer.statusCode() == 202) {
                    return JSON.readTree(answer.body()).path("jobId").asText();
                }
                assertThat(answer.statusCode()).as(answer.body()).isEqualTo(503); // rebalancing: try the next one
            } catch (IOException e) {
                // not reachable: the next one
            }
            TimeUnit.MILLISECONDS.sleep(200);
        }
        throw new AssertionError("no instance accepted job " + i);
    }

    private static Platform.Urls urls(String broker) {
        return new Platform.Urls(services.url("pricing-service"), services.url("device-registry"), services.url(broker));
    }

    private static KafkaConsumer<byte[], byte[]> completedReader() {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.bootstrapServers());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "scale-out-it-" + java.util.UUID.randomUUID());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }
}
