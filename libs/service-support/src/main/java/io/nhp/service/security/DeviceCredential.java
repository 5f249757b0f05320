package io.nhp.service.security;

import io.nhp.service.ProblemException;
import jakarta.json.JsonNumber;
import java.time.Duration;
import java.time.Instant;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * A device credential as device-registry issues it (a JWT: subject = device id, claims {@value #PARTNER_CLAIM} and
 * {@value #VERSION_CLAIM}) and the checks every service that takes one makes on it. The signature and expiry are
 * checked before (SmallRye JWT); what a service answers for a device it does not know stays its own (device-registry:
 * 404, job-broker: 401).
 */
public record DeviceCredential(String deviceId, String partner, int version, Instant issuedAt) {

    /** The role every device credential grants. */
    public static final String DEVICE_ROLE = "device";
    /** Claim naming the partner (OEM) a device belongs to. */
    public static final String PARTNER_CLAIM = "partner";
    /** Claim holding the credential version the token was issued under; a token without one is of version 1. */
    public static final String VERSION_CLAIM = "cv";

    /** The credential a verified token carries. */
    public static DeviceCredential of(JsonWebToken token) {
        return new DeviceCredential(token.getSubject(), token.getClaim(PARTNER_CLAIM),
                claimedVersion(token.getClaim(VERSION_CLAIM)), Instant.ofEpochSecond(token.getIssuedAtTime()));
    }

    /** A registration's credential version: one without a version (older records) is of version 1. */
    public static int versionOf(Integer registered) {
        return registered == null ? 1 : registered;
    }

    /** This credential, when it may act for {@code deviceId} (null: whichever device it names); 403 otherwise. */
    public DeviceCredential requireDevice(String deviceId) {
        if (deviceId != null && !deviceId.equals(this.deviceId)) {
            throw ProblemException.forbidden("this credential belongs to another device");
        }
        return this;
    }

    /** Nothing, or 401 when the device has since been given a newer credential (a renewal revokes older ones). */
    public void requireCurrent(int currentVersion) {
        if (version < currentVersion) {
            throw ProblemException.unauthorized("this credential (version " + version + ") is revoked: device '"
                    + deviceId + "' replaced it with version " + currentVersion);
        }
    }

    /**
     * Whether the credential is recent enough to be taken before its registration is known here: device-registry
     * publishes the registration, then hands out the credential, and the registration takes a moment to arrive.
     */
    public boolean withinRegistrationGrace(Duration grace, Instant now) {
        return !issuedAt.plus(grace).isBefore(now);
    }

    private static int claimedVersion(Object claim) {
        if (claim instanceof JsonNumber number) {
            return number.intValue();
        }
        return claim instanceof Number number ? number.intValue() : 1;
    }
}
