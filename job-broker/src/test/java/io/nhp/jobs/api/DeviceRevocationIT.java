package io.nhp.jobs.api;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.nhp.kafka.testkit.KafkaTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Revocation holds at job-broker: a device's credential renewal at device-registry (a registration with a higher
 * credential version on {@code nhp.devices.registered}, read from a real broker) refuses its older tokens here.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
class DeviceRevocationIT extends WithTaskTypes {

    static final Duration WAIT = Duration.ofSeconds(30);
    static final Duration OLD = Duration.ofMinutes(5);
    @Test
    void shouldRefuseTheOldCredentialOnBothDeviceEndpointsOnceTheDeviceRenewedIt() {
        // given a registered, eligible phone holding a lease under credential version 1
        String id = "d-" + UUID.randomUUID();
        String owner = "o-" + UUID.randomUUID();
        Devices.register(bootstrapServers, id, "revoke", owner, 1);
        Devices.eligible(bootstrapServers, id, "revoke", owner, 34.0);
        String v1 = Devices.tokenIssuedAgo(id, "revoke", 1, OLD);
        String jobId = JobBrokerIT.accepted(JobBrokerIT.submit("revoke", JobBrokerIT.job("test_echo", 30, 1)));
        String leaseId = await().atMost(WAIT).until(() -> next(id, v1), r -> r.statusCode() == 200
                && jobId.equals(r.path("jobId"))).path("leaseId");

        // when the device renews its credential at device-registry (version 2)
        Devices.register(bootstrapServers, id, "revoke", owner, 2);

        // then the version-1 token is refused on both endpoints, saying it was replaced; version 2 works
        await().atMost(WAIT).until(() -> next(id, v1).statusCode() == 401);
        next(id, v1).then().statusCode(401).contentType("application/problem+json").header("WWW-Authenticate", "Bearer")
                .body("detail", containsString("replaced"));
        result(leaseId, v1).then().statusCode(401).contentType("application/problem+json")
                .header("WWW-Authenticate", "Bearer").body("detail", containsString("replaced"));
        String v2 = Devices.token(id, "revoke", 2);
        result(leaseId, v2).then().statusCode(200).body("jobId", equalTo(jobId)).body("jobState", equalTo("COMPLETED"));
        next(id, v2).then().statusCode(204);
    }

    @Test
    void shouldRefuseADeviceThatDeviceRegistryNeverRegistered() {
        // given a validly signed credential, past the registration grace, of a device with no registration
        String id = "d-" + UUID.randomUUID();
        String token = Devices.tokenIssuedAgo(id, "revoke", 1, OLD);

        // when it polls and posts a result
        Response polled = next(id, token);
        Response posted = result("no-such-lease", token);

        // then both are refused as not registered
        polled.then().statusCode(401).contentType("application/problem+json").header("WWW-Authenticate", "Bearer")
                .body("detail", containsString("no device"));
        posted.then().statusCode(401).contentType("application/problem+json").body("detail", containsString("no device"));
    }

    @Test
    void shouldCountATokenWithoutAVersionAsVersionOne() {
        // given a registered device and an old token of it without a cv claim
        String id = "d-" + UUID.randomUUID();
        String owner = "o-" + UUID.randomUUID();
        Devices.register(bootstrapServers, id, "revoke", owner, 1);
        String unversioned = Devices.tokenIssuedAgo(id, "revoke", null, OLD);

        // when the device is at version 1, then at version 2
        await().atMost(WAIT).until(() -> next(id, unversioned).statusCode() == 204);
        Devices.register(bootstrapServers, id, "revoke", owner, 2);

        // then the token works at version 1 and is refused once version 2 is current
        await().atMost(WAIT).until(() -> next(id, unversioned).statusCode() == 401);
    }

    private static Response next(String deviceId, String token) {
        return given().auth().oauth2(token).get("/api/v1/devices/{id}/jobs/next?waitSeconds=1", deviceId);
    }

    private static Response result(String leaseId, String token) {
        return given().auth().oauth2(token).contentType(ContentType.JSON)
                .body("{\"status\":\"SUCCEEDED\",\"outputHash\":\"sha256:out\",\"deviceSeconds\":1.5}")
                .post("/api/v1/leases/{leaseId}/result", leaseId);
    }
}
