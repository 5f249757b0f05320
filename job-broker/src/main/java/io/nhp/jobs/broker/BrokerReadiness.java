package io.nhp.jobs.broker;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready once the broker thread runs with its job book rebuilt from Kafka in full; when it is not, the check says
 * why (for example which job snapshot could not be read, where and why).
 */
@Readiness
@ApplicationScoped
public class BrokerReadiness implements HealthCheck {

    private final JobBroker broker;

    BrokerReadiness(JobBroker broker) {
        this.broker = broker;
    }

    @Override
    public HealthCheckResponse call() {
        var response = HealthCheckResponse.named("job-broker").up();
        broker.notReadyBecause().ifPresent(reason -> response.down().withData("reason", reason));
        return response.build();
    }
}
