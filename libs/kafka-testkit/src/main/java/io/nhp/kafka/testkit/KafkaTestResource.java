package io.nhp.kafka.testkit;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Points a {@code @QuarkusTest} at the real shared Kafka of this test JVM ({@link SharedKafka}): one broker for a
 * module's whole test run, whatever the number of test classes and profiles, and a fresh Kafka Streams state
 * directory for each application start. Use it with {@code @WithTestResource(KafkaTestResource.class)}.
 */
public class KafkaTestResource implements QuarkusTestResourceLifecycleManager {

    private Path stateDir;

    @Override
    public Map<String, String> start() {
        String servers = SharedKafka.bootstrapServers();
        try {
            stateDir = Files.createTempDirectory("nhp-streams-state-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a Kafka Streams state directory", e);
        }
        return Map.of(
                "kafka.bootstrap.servers", servers,
                "quarkus.kafka-streams.bootstrap-servers", servers,
                "kafka-streams.state.dir", stateDir.toString());
    }

    @Override
    public void stop() {
        // The broker is shared by every application start in this JVM (SharedKafka stops it at exit);
        // only this start's Kafka Streams state goes.
        Dirs.deleteRecursively(stateDir);
    }
}
