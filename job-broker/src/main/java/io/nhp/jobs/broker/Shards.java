package io.nhp.jobs.broker;

import io.nhp.contracts.Topics;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.RangeAssignor;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.utils.Utils;
import org.jboss.logging.Logger;

/**
 * Which jobs this instance serves: those whose id falls in a partition of {@code nhp.jobs.state} that a Kafka consumer
 * group assigns to it. Every running instance is a member of the group, so assignment, rebalancing and failover are
 * Kafka's: when an instance stops (or dies: its session expires after a few seconds), its partitions go to the others,
 * which rebuild their books from them. The member never reads records (its partitions stay paused); it exists for
 * the assignment, and for the group generation that each transaction carries, so that a writer that lost its
 * partitions cannot commit ({@link JobStore}). A job id, a lease id and an idempotency key each map to one partition
 * the way Kafka's default partitioner places a record of that key; the group's member names (client ids) are the
 * instances' base URLs, so a request for a partition served elsewhere can be sent on there.
 */
public final class Shards implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(Shards.class);

    /** What the broker does when the group takes partitions away or gives new ones. */
    interface Listener {
        /** The partitions are going: stop using them, writing what is pending first. Returns once done. */
        void revoked();

        /** These partitions are now this instance's, under this group generation. */
        void assigned(Set<Integer> partitions, ConsumerGroupMetadata group);
    }

    private final String bootstrapServers;
    private final String group;
    private final String self;
    private final int partitions;
    private final Duration sessionTimeout;
    private volatile Listener listener;
    private volatile boolean running;
    private KafkaConsumer<byte[], byte[]> consumer;
    private Thread thread;
    private Admin admin;
    private volatile Map<Integer, URI> owners = Map.of();
    private volatile Instant ownersReadAt = Instant.EPOCH;
    private volatile boolean failed;

    Shards(String bootstrapServers, String group, String self, Duration sessionTimeout) {
        this.bootstrapServers = bootstrapServers;
        this.group = group;
        this.self = self;
        this.partitions = Topics.JOBS_STATE.partitions();
        this.sessionTimeout = sessionTimeout;
    }

    /** Joins the group; the listener hears of every assignment from the membership thread. */
    void start(Listener listener) {
        this.listener = listener;
        consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, group,
                ConsumerConfig.CLIENT_ID_CONFIG, self, // how the other instances find this one (owner())
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                // committed() then waits for a predecessor's pending transaction (see onPartitionsAssigned)
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                // the broker rebuilds its whole book from the full assignment each time: eager, classic protocol
                ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, RangeAssignor.class.getName(),
                ConsumerConfig.GROUP_PROTOCOL_CONFIG, "classic",
                // a dead instance's partitions move after this long: part of the failover time
                ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, (int) sessionTimeout.toMillis(),
                ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, (int) Math.max(500, sessionTimeout.toMillis() / 4)),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
        running = true;
        thread = new Thread(this::run, "job-broker-membership");
        thread.start();
    }

    private void run() {
        try {
            consumer.subscribe(List.of(Topics.JOBS_STATE.name()), new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> revoked) {
                    if (!revoked.isEmpty()) {
                        LOG.infof("partitions %s of %s revoked", numbers(revoked), Topics.JOBS_STATE.name());
                        listener.revoked();
                    }
                }

                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> assigned) {
                    consumer.pause(assigned); // membership only: the book is rebuilt by the broker, not read here
                    LOG.infof("partitions %s of %s assigned to %s", numbers(assigned), Topics.JOBS_STATE.name(), self);
                    awaitStable(assigned);
                    ownersReadAt = Instant.EPOCH;
                    listener.assigned(numbers(assigned), consumer.groupMetadata());
                }
            });
            while (running) {
                consumer.poll(Duration.ofMillis(200));
                if (Instant.now().isAfter(ownersReadAt.plusSeconds(2))) {
                    readOwners();
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            LOG.error("job-broker's consumer-group membership failed; this instance serves no partitions", e);
            listener.revoked();
            failed = true; // liveness DOWN: a restart rejoins
        } finally {
            consumer.close(org.apache.kafka.clients.consumer.CloseOptions.timeout(Duration.ofSeconds(5)));
        }
    }

    /**
     * Waits until no transaction of a predecessor is pending on these partitions. Every transaction carries the
     * writer's group generation as offsets of all its partitions; a read_committed consumer's {@code committed()}
     * waits until such pending offsets are committed or aborted. So a transaction that passed its fence before the
     * group moved on (a paused instance) is decided before this instance reads its book, and any later one is
     * refused at its fence.
     */
    private void awaitStable(Collection<TopicPartition> assigned) {
        while (running) {
            try {
                consumer.committed(new java.util.HashSet<>(assigned), Duration.ofSeconds(10));
                return;
            } catch (org.apache.kafka.common.errors.TimeoutException e) {
                LOG.warnf("a transaction on %s is still pending after 10 s; waiting for it", numbers(assigned));
            }
        }
    }

    private static Set<Integer> numbers(Collection<TopicPartition> partitions) {
        Set<Integer> numbers = new TreeSet<>();
        partitions.forEach(p -> numbers.add(p.partition()));
        return Set.copyOf(numbers);
    }

    /**
     * The partition of {@code nhp.jobs.state} a record keyed {@code key} goes to (Kafka's default partitioner's
     * formula; {@link JobStore} writes each snapshot to it explicitly).
     */
    public static int partitionOf(String key) {
        return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % Topics.JOBS_STATE.partitions();
    }

    /** A new random id (a UUID) whose partition is {@code partition}: a few draws, as many as there are partitions. */
    String idIn(int partition) {
        if (partition < 0 || partition >= partitions) {
            throw new IllegalArgumentException("no partition " + partition + " of " + Topics.JOBS_STATE.name());
        }
        while (true) {
            String id = new UUID(ThreadLocalRandom.current().nextLong(), ThreadLocalRandom.current().nextLong())
                    .toString();
            if (partitionOf(id) == partition) {
                return id;
            }
        }
    }

    /** A new id in the same partition as {@code key} (a lease of a job: served where its job is). */
    String idBeside(String key) {
        return idIn(partitionOf(key));
    }

    /**
     * The base URL of the instance the group gave this partition, as the group last described itself (read by the
     * membership thread every 2 s and after each assignment: never on a request's thread); empty when no member
     * has it (a rebalance under way) or it could not be read.
     */
    public Optional<URI> owner(int partition) {
        return Optional.ofNullable(owners.get(partition));
    }

    private void readOwners() {
        ownersReadAt = Instant.now();
        try {
            ConsumerGroupDescription description = admin.describeConsumerGroups(List.of(group))
                    .describedGroups().get(group).get(5, TimeUnit.SECONDS);
            Map<Integer, URI> read = new java.util.HashMap<>();
            for (MemberDescription member : description.members()) {
                URI url;
                try {
                    url = URI.create(member.clientId());
                } catch (IllegalArgumentException e) {
                    continue; // not one of ours: its partitions are redirected nowhere
                }
                member.assignment().topicPartitions().stream()
                        .filter(tp -> tp.topic().equals(Topics.JOBS_STATE.name()))
                        .forEach(tp -> read.put(tp.partition(), url));
            }
            owners = Map.copyOf(read);
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            LOG.debugf(e, "could not describe the group %s", group);
        }
    }

    /** Whether the membership runs (liveness): false once it failed, and the instance must be restarted. */
    public boolean alive() {
        return !failed;
    }

    /** This instance's base URL, as the group names it. */
    public String self() {
        return self;
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        if (consumer != null) {
            consumer.wakeup();
        }
        if (thread != null) {
            thread.join(15_000);
        }
        if (admin != null) {
            admin.close(Duration.ofSeconds(5));
        }
    }
}
