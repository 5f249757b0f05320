package io.nhp.service.kafka;

import io.quarkus.runtime.ShutdownEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;

/**
 * Flushes and closes the dead-letter handlers' producers when the application stops. Quarkus closes the Kafka
 * Streams client on the same event at the default priority, which is earlier: the handlers have written their last
 * letter by then. A service without Kafka Streams has no such producer, and this does nothing.
 */
@ApplicationScoped
class DeadLetterProducerShutdown {

    void closeDeadLetterProducers(@Observes @Priority(Interceptor.Priority.PLATFORM_AFTER) ShutdownEvent event) {
        DeadLetterProducer.closeAll();
    }
}
