package io.nhp.jobs.broker;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready once the broker thread runs with its job book rebuilt from Kafka. */
@Readiness
@ApplicationScoped
public class BrokerReadiness implements HealthCheck {

    private final JobBroker broker;

    BrokerReadiness(JobBroker broker) {
        this.broker = broker;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("job-broker").status(broker.ready()).build();
    }
}
