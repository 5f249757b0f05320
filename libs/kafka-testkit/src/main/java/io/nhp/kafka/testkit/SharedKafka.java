package io.nhp.kafka.testkit;

import io.nhp.contracts.Topics;
import java.lang.System.Logger.Level;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * The one Kafka of a test JVM, started on first use and stopped when the JVM exits: a forked broker by default,
 * or Testcontainers' Kafka where a Docker engine exists ({@code -Dnhp.kafka.provider=testcontainers}, or the
 * environment variable {@code NHP_KAFKA_PROVIDER}).
 */
public final class SharedKafka {

    public static final String PROVIDER_PROPERTY = "nhp.kafka.provider";
    public static final String PROVIDER_ENV = "NHP_KAFKA_PROVIDER";
    /** Image used with the Testcontainers provider: the same Kafka version as the forked broker. */
    public static final String KAFKA_IMAGE = "apache/kafka:4.2.1";

    private static final System.Logger LOG = System.getLogger(SharedKafka.class.getName());
    private static String bootstrapServers;

    /** Where Kafka comes from in tests. */
    public enum Provider {
        FORKED, TESTCONTAINERS;

        static Provider fromConfig(String value) {
            if (value == null || value.isBlank()) {
                return FORKED;
            }
            try {
                return valueOf(value.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("unknown Kafka provider '" + value + "' in " + PROVIDER_PROPERTY
                        + " / " + PROVIDER_ENV + "; use forked or testcontainers", e);
            }
        }
    }

    private SharedKafka() {
    }

    /** The configured provider: system property first, then the environment, else forked. */
    public static Provider provider() {
        String value = System.getProperty(PROVIDER_PROPERTY);
        return Provider.fromConfig(value != null ? value : System.getenv(PROVIDER_ENV));
    }

    /** Bootstrap servers of the shared Kafka, starting it (with every platform topic) on first call. */
    public static synchronized String bootstrapServers() {
        if (bootstrapServers == null) {
            Provider provider = provider();
            LOG.log(Level.INFO, "Starting a shared Kafka for this test run ({0})", provider);
            bootstrapServers = switch (provider) {
                case FORKED -> KafkaCluster.builder().heapMb(384).start().bootstrapServers();
                case TESTCONTAINERS -> startContainer();
            };
        }
        return bootstrapServers;
    }

    private static String startContainer() {
        var container = new org.testcontainers.kafka.KafkaContainer(KAFKA_IMAGE);
        container.start(); // stopped by Testcontainers' reaper when the JVM exits
        String servers = container.getBootstrapServers();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, servers))) {
            PlatformTopics.create(admin, Topics.ALL, 1);
        }
        return servers;
    }
}
