package io.nhp.jobs.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.nhp.kafka.testkit.KafkaTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A device token verified once is remembered ({@code security.VerifiedTokens}), and a renewal of the device's
 * credential still refuses a remembered token at once (expiry: {@code VerifiedTokensTest}).
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
class VerifiedTokensIT extends WithTaskTypes {

    @Test
    void shouldVerifyAPhonesTokenOnceAndAnswerItsNextRequestsFromMemory() {
        // given a registered phone
        String device = "d-" + UUID.randomUUID();
        Devices.register(bootstrapServers, device, "tokens", "o-" + UUID.randomUUID(), 1);
        String token = Devices.token(device, "tokens", 1);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> poll(device, token).then().statusCode(204));
        double hitsBefore = hits();

        // when it polls again, then its token is answered from memory
        poll(device, token).then().statusCode(204);
        poll(device, token).then().statusCode(204);
        assertThat(hits()).isGreaterThanOrEqualTo(hitsBefore + 2);
    }

    @Test
    void shouldRefuseARememberedTokenOnceTheCredentialWasRenewed() {
        // given a registered phone whose token was verified and remembered
        String device = "d-" + UUID.randomUUID();
        String owner = "o-" + UUID.randomUUID();
        Devices.register(bootstrapServers, device, "tokens", owner, 1);
        String token = Devices.token(device, "tokens", 1);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> poll(device, token).then().statusCode(204));

        // when device-registry renews its credential (version 2)
        Devices.register(bootstrapServers, device, "tokens", owner, 2);

        // then the remembered token of version 1 is refused
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> poll(device, token).then().statusCode(401));
    }

    private static io.restassured.response.Response poll(String device, String token) {
        return given().auth().oauth2(token).get("/api/v1/devices/{id}/jobs/next?waitSeconds=0", device);
    }

    /** Tokens answered from memory so far. */
    private static double hits() {
        return given().get("/q/metrics").then().statusCode(200).extract().asString().lines()
                .filter(line -> line.startsWith("cache_gets_total") && line.contains("verified_device_tokens")
                        && line.contains("result=\"hit\""))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
    }
}
