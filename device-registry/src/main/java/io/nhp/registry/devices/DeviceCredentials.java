package io.nhp.registry.devices;

import io.nhp.contracts.events.DeviceRegisteredEvent;
import io.nhp.registry.config.RegistryConfig;
import io.nhp.service.ProblemException;
import io.nhp.service.kafka.StoreQueries.Result;
import io.nhp.service.security.DeviceCredential;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Optional;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * What a verified device token may do here ({@link DeviceCredential}'s checks): act for its own device only, while
 * that device is registered and the token is of its current credential version. A device this registry does not
 * have is answered 404 (job-broker, which only hears of devices, answers 401).
 */
@ApplicationScoped
public class DeviceCredentials {

    private final DeviceDirectory directory;
    private final CredentialVersions versions;
    private final RegistryConfig config;
    private final JWTParser parser;

    /** {@code parser}: the remembered-token one (security.VerifiedTokens), which checks a signature once. */
    DeviceCredentials(DeviceDirectory directory, CredentialVersions versions, RegistryConfig config, JWTParser parser) {
        this.directory = directory;
        this.versions = versions;
        this.config = config;
        this.parser = parser;
    }

    /**
     * The device a token may act for, with its partner; a 403, 404 or 401 problem otherwise, and 503 while this
     * instance cannot yet tell whether the token was renewed away.
     */
    public Device check(JsonWebToken token, String deviceId) {
        DeviceCredential credential = DeviceCredential.of(token).requireDevice(deviceId);
        if (versions.deleted(deviceId)) {
            throw ProblemException.notFound("no device '" + deviceId + "' is registered");
        }
        Result<DeviceRegisteredEvent> found = directory.find(deviceId);
        if (found instanceof Result.Found<DeviceRegisteredEvent> registered) {
            DeviceRegisteredEvent registration = registered.value();
            credential.requireCurrent(Math.max(versionOf(registration), versions.leastVersion(deviceId).orElse(1)));
            return new Device(deviceId, registration.partner(), registration);
        }
        if (found instanceof Result.NotFound<DeviceRegisteredEvent>
                && !credential.withinRegistrationGrace(config.token().registrationGrace(), Instant.now())) {
            throw ProblemException.notFound("no device '" + deviceId + "' is registered");
        }
        // registered a moment ago, held by another instance, or the store is starting: the signature vouches for the
        // device, and the whole registration topic, read here too, says whether this credential was renewed away
        int least = versions.leastVersion(deviceId).orElseThrow(() -> ProblemException.unavailable(
                "device credentials are still loading here; try again in a few seconds"));
        credential.requireCurrent(least);
        return new Device(deviceId, credential.partner(), null);
    }

    /**
     * The partner of the device a token may send heartbeats for: as {@link #check}, without reading the device store
     * once this instance knows the device (its partner remembered, {@link DeviceDirectory#knownPartner}) and which
     * credential versions are current (the registration topic read to its end, {@link CredentialVersions}): a store
     * query walks the stream threads' tasks, a ninth of the event loops' time on single heartbeats. A deleted device is
     * refused as by {@link #check} (404), on every instance once its tombstone is read. A token without the device
     * role is refused (403), single heartbeat and batch item alike.
     */
    public String heartbeatPartner(JsonWebToken token, String deviceId) {
        // the role @RolesAllowed requires on the other device endpoints: the heartbeat endpoints verify tokens themselves
        if (token.getGroups() == null || !token.getGroups().contains(DeviceCredential.DEVICE_ROLE)) {
            throw ProblemException.forbidden("this credential is not a device's");
        }
        String partner = directory.knownPartner(deviceId);
        Optional<Integer> least = versions.leastVersion(deviceId);
        if (partner == null || least.isEmpty() || versions.deleted(deviceId)) {
            return check(token, deviceId).partner();
        }
        DeviceRegisteredEvent justRegistered = directory.justRegistered(deviceId);
        DeviceCredential.of(token).requireDevice(deviceId)
                .requireCurrent(Math.max(least.get(), justRegistered == null ? 1 : versionOf(justRegistered)));
        return partner;
    }

    /** {@link #heartbeatPartner} of a token as sent, verified here: 401 if it does not verify. */
    public String heartbeatPartner(String token, String deviceId) {
        JsonWebToken verified;
        try {
            verified = parser.parse(token);
        } catch (ParseException e) {
            throw ProblemException.unauthorized("the token is not a valid device credential");
        }
        return heartbeatPartner(verified, deviceId);
    }

    static int versionOf(DeviceRegisteredEvent registration) {
        return DeviceCredential.versionOf(registration.credentialVersion());
    }

    /** A device a request may act for; {@code registration} when this instance holds it. */
    public record Device(String deviceId, String partner, DeviceRegisteredEvent registration) {
    }
}
