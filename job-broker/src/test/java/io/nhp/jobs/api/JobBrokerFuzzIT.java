package io.nhp.jobs.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.nhp.contracts.TopicSnapshot;
import io.nhp.contracts.Topics;
import io.nhp.kafka.testkit.KafkaTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.smallrye.jwt.build.Jwt;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.sessions.JqwikSession;
import org.junit.jupiter.api.Test;

/**
 * Generated malformed bodies ({@link FuzzBodies}, jqwik's generators with fixed seeds, so a failure is repeatable)
 * posted to job-broker's write endpoints: every one is refused with a 4xx problem+json, never a 5xx, and none of
 * them puts a job on Kafka.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
class JobBrokerFuzzIT extends WithTaskTypes {

    static final int BODIES = 150;
    static final long SEED = 19;
    @Test
    void shouldRefuseEveryMalformedJobWithAProblemAndQueueNone() {
        everyBody(FuzzBodies.jobBodies(), body -> post("/api/v1/jobs", "test-fuzz-token", body), 400, 422);
        everyBody(FuzzBodies.batchBodies(), body -> post("/api/v1/jobs:batch", "test-fuzz-token", body), 400, 422);

        assertThat(TopicSnapshot.read(bootstrapServers, Topics.JOBS_SUBMITTED, Duration.ofSeconds(30)))
                .noneMatch(r -> FuzzBodies.MARKER.equals(r.value().inputRef()));
    }

    @Test
    void shouldRefuseEveryMalformedResultWithAProblem() {
        String device = "d-fuzz";
        String token = Jwt.issuer("https://nhp.io/device-registry").subject(device).groups(Set.of("device"))
                .claim("partner", "fuzz").claim("cv", 1).expiresIn(Duration.ofHours(1)).sign();

        // a well-formed result for this lease would be a 404 (there is no such lease): 400 means the body was refused
        everyBody(FuzzBodies.resultBodies(), body -> post("/api/v1/leases/no-such-lease/result", token, body), 400);
    }

    private static void everyBody(Arbitrary<String> bodies, Function<String, Response> post, Integer... statuses) {
        // jqwik's generators outside a property need a session; the seed makes the bodies the same on every run
        JqwikSession.start(Long.toString(SEED));
        try {
            var generator = bodies.generator(1000);
            var random = new Random(SEED);
            for (int i = 0; i < BODIES; i++) {
                String body = generator.next(random).value();
                Response answer = post.apply(body);
                assertThat(answer.statusCode()).as("answer to %s", body).isIn((Object[]) statuses);
                assertThat(answer.contentType()).as("answer to %s", body).startsWith("application/problem+json");
            }
        } finally {
            JqwikSession.finish();
        }
    }

    private static Response post(String path, String token, String body) {
        return given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(body.getBytes(StandardCharsets.UTF_8)).post(path);
    }
}
