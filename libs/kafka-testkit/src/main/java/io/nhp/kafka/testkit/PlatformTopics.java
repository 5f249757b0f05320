package io.nhp.kafka.testkit;

import io.nhp.contracts.Topic;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;

/** Creates platform topics as the contracts registry declares them, on any cluster. */
public final class PlatformTopics {

    private PlatformTopics() {
    }

    /** 2 in-sync replicas where there are 3, so one node may fail without losing an acknowledged write. */
    public static int minInSyncReplicas(int replicationFactor) {
        return replicationFactor >= 3 ? 2 : 1;
    }

    /** Creates each topic that does not exist yet; an existing topic is left as it is. */
    public static void create(Admin admin, Collection<? extends Topic<?, ?>> topics, int replicationFactor) {
        List<NewTopic> newTopics = topics.stream().map(t -> {
            var configs = new HashMap<>(t.configs());
            configs.put(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG,
                    Integer.toString(minInSyncReplicas(replicationFactor)));
            return new NewTopic(t.name(), t.partitions(), (short) replicationFactor).configs(configs);
        }).toList();
        admin.createTopics(newTopics).values().forEach((name, future) -> {
            try {
                future.get(30, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw new IllegalStateException("cannot create topic " + name + ": " + e.getCause(), e);
                }
            } catch (TimeoutException e) {
                throw new IllegalStateException("creating topic " + name + " took over 30 s", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while creating topic " + name, e);
            }
        });
    }
}
