package io.nhp.jobs.security;

import io.nhp.jobs.broker.JobBroker;
import io.nhp.jobs.config.BrokerConfig;
import io.nhp.service.ProblemException;
import io.nhp.service.security.DeviceCredential;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Optional;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * What a verified device token may do here ({@link DeviceCredential}'s checks): act for its own device only, while
 * device-registry has that device registered and the token is of its current credential version. A device
 * device-registry never registered is an unknown credential here: 401 (device-registry itself answers 404).
 */
@ApplicationScoped
public class DeviceCredentials {

    private final JobBroker broker;
    private final BrokerConfig config;

    DeviceCredentials(JobBroker broker, BrokerConfig config) {
        this.broker = broker;
        this.config = config;
    }

    /**
     * The partner of the token's device, when the token may act for {@code deviceId} (null: for whichever device it
     * names); 403 for another device's path, 401 for a replaced credential or a device that is not registered.
     */
    public String check(JsonWebToken token, String deviceId) {
        DeviceCredential credential = DeviceCredential.of(token).requireDevice(deviceId);
        Optional<Integer> current = broker.credentialVersion(credential.deviceId());
        if (current.isPresent()) {
            credential.requireCurrent(current.get());
        } else if (!credential.withinRegistrationGrace(config.registrationGrace(), Instant.now())) {
            throw ProblemException.unauthorized("no device '" + credential.deviceId() + "' is registered");
        }
        // registered (or registered a moment ago: the signature vouches until the registration arrives)
        return credential.partner();
    }
}
