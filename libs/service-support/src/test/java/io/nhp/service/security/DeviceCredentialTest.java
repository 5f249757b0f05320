package io.nhp.service.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.nhp.service.ProblemException;
import jakarta.json.Json;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.junit.jupiter.api.Test;

/** The checks device-registry and job-broker make on a device credential, whatever each answers for the rest. */
class DeviceCredentialTest {

    static final Instant ISSUED = Instant.parse("2026-12-06T10:00:00Z");

    @Test
    void shouldReadDeviceIdPartnerVersionAndIssueTimeOfAVerifiedToken() {
        // given a token as SmallRye JWT hands it over (numbers in claims are JSON numbers)
        var token = token("d-1", Map.of("partner", "xiaomi", "cv", Json.createValue(3)));

        // when
        DeviceCredential credential = DeviceCredential.of(token);

        // then
        assertThat(credential).isEqualTo(new DeviceCredential("d-1", "xiaomi", 3, ISSUED));
    }

    @Test
    void shouldCountATokenWithoutAVersionAsVersionOne() {
        assertThat(DeviceCredential.of(token("d-1", Map.of("partner", "xiaomi"))).version()).isEqualTo(1);
        assertThat(DeviceCredential.versionOf(null)).as("a registration without one").isEqualTo(1);
    }

    @Test
    void shouldRefuseAnotherDevicesPathWith403() {
        var credential = new DeviceCredential("d-1", "xiaomi", 1, ISSUED);

        var refused = catchThrowableOfType(ProblemException.class, () -> credential.requireDevice("d-2"));

        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused).hasMessageContaining("another device");
        assertThat(credential.requireDevice("d-1")).isSameAs(credential);
        assertThat(credential.requireDevice(null)).as("no device in the path: its own").isSameAs(credential);
    }

    @Test
    void shouldRefuseAReplacedCredentialWith401SayingItIsRevokedButTakeTheCurrentOne() {
        var credential = new DeviceCredential("d-1", "xiaomi", 1, ISSUED);

        var refused = catchThrowableOfType(ProblemException.class, () -> credential.requireCurrent(2));

        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.headers()).containsEntry("WWW-Authenticate", "Bearer");
        assertThat(refused).hasMessageContaining("revoked").hasMessageContaining("replaced it with version 2");
        assertThatCode(() -> credential.requireCurrent(1)).doesNotThrowAnyException();
    }

    @Test
    void shouldVouchForACredentialOnlyWithinTheRegistrationGrace() {
        var credential = new DeviceCredential("d-1", "xiaomi", 1, ISSUED);
        Duration grace = Duration.ofMinutes(1);

        assertThat(credential.withinRegistrationGrace(grace, ISSUED.plusSeconds(60))).isTrue();
        assertThat(credential.withinRegistrationGrace(grace, ISSUED.plusSeconds(61))).isFalse();
    }

    /** A verified token with these claims, issued at {@link #ISSUED}. */
    static JsonWebToken token(String subject, Map<String, Object> claims) {
        Map<String, Object> all = new HashMap<>(claims);
        all.put("sub", subject);
        all.put("iat", ISSUED.getEpochSecond());
        return new JsonWebToken() {
            @Override
            public String getName() {
                return subject;
            }

            @Override
            public Set<String> getClaimNames() {
                return all.keySet();
            }

            @Override
            @SuppressWarnings("unchecked")
            public <T> T getClaim(String claimName) {
                return (T) all.get(claimName);
            }
        };
    }
}
