package io.nhp.jobs.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;

import io.nhp.kafka.testkit.KafkaTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import io.smallrye.jwt.build.Jwt;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The cap on long polls over all devices ({@code nhp.jobs.max-long-polls}, one here): beyond it, 503 with Retry-After. */
@QuarkusTest
@TestProfile(LongPollCapIT.OneLongPoll.class)
@WithTestResource(KafkaTestResource.class)
class LongPollCapIT {

    @Test
    void shouldRefuseALongPollBeyondTheCapWithRetryAfter() {
        // given one device in a long poll: the cap is reached
        String first = "d-" + UUID.randomUUID();
        var waiting = CompletableFuture.supplyAsync(() -> poll(first, 3));
        await().atMost(Duration.ofSeconds(10)).until(() -> JobBrokerIT.openPolls() == 1);

        // when another device asks to wait
        String second = "d-" + UUID.randomUUID();
        Response refused = poll(second, 3);

        // then it is refused with 503 and when to try again; a poll that does not wait is still answered
        refused.then().statusCode(503).contentType("application/problem+json").header("Retry-After", "5")
                .body("detail", containsString("long polls"));
        assertThat(poll(second, 0).statusCode()).isEqualTo(204);
        assertThat(waiting.join().statusCode()).isEqualTo(204);
        assertThat(poll(second, 1).statusCode()).as("once the first ended").isEqualTo(204);
    }

    static Response poll(String deviceId, int waitSeconds) {
        String token = Jwt.issuer("https://nhp.io/device-registry").subject(deviceId).groups(Set.of("device"))
                .claim("partner", "cap").claim("cv", 1).expiresIn(Duration.ofHours(1)).sign();
        return given().auth().oauth2(token).get("/api/v1/devices/{id}/jobs/next?waitSeconds=" + waitSeconds, deviceId);
    }

    /** One long poll at a time. */
    public static class OneLongPoll implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("nhp.jobs.max-long-polls", "1");
        }
    }
}
