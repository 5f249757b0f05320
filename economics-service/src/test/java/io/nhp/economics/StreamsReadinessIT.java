package io.nhp.economics;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.nhp.kafka.testkit.KafkaTestResource;
import io.nhp.service.kafka.StreamsReadiness;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;

/**
 * Readiness follows the Kafka Streams client: once the client stops, the instance is no longer ready (before,
 * readiness only asked whether the topics existed, and said UP while every query answered 503). Its own application
 * start (a test profile), since it stops the client for good.
 */
@QuarkusTest
@TestProfile(StreamsReadinessIT.OwnApplication.class)
@WithTestResource(KafkaTestResource.class)
class StreamsReadinessIT {

    private static final String STATE = "checks.find { it.name == '" + StreamsReadiness.NAME + "' }.data.state";

    /** A profile of its own: this class's application is not shared with the other tests. */
    public static class OwnApplication implements QuarkusTestProfile {
    }

    @Inject
    KafkaStreams streams;

    @Test
    void shouldNotBeReadyOnceTheStreamsClientHasStopped() {
        // given the service is ready, its client running
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().get("/q/health/ready").then()
                .statusCode(200).body("status", equalTo("UP")).body(STATE, equalTo("RUNNING")));

        // when the client stops
        streams.close(Duration.ofSeconds(30));

        // then readiness is DOWN and says why
        given().get("/q/health/ready").then().statusCode(503)
                .body("status", equalTo("DOWN"))
                .body(STATE, equalTo("NOT_RUNNING"));
    }
}
