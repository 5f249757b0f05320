package io.nhp.jobs.broker;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/**
 * Alive while the instance's consumer-group membership runs: once it has failed the instance serves no partitions
 * and never rejoins by itself, so the orchestrator must restart it.
 */
@Liveness
@ApplicationScoped
public class MembershipLiveness implements HealthCheck {

    private final JobBroker broker;

    MembershipLiveness(JobBroker broker) {
        this.broker = broker;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("job-broker-membership").status(broker.membershipAlive()).build();
    }
}
