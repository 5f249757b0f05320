package io.nhp.jobs.api;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;

/**
 * An integration test that needs the task types on the reference topic and known to the broker (see
 * {@link JobBrokerIT#seedTaskTypes}): seeded before its first test.
 */
abstract class WithTaskTypes {

    private static boolean seeded;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @BeforeEach
    void seedTaskTypesOnce() {
        if (!seeded) {
            JobBrokerIT.seedTaskTypes(bootstrapServers);
            seeded = true;
        }
    }
}
