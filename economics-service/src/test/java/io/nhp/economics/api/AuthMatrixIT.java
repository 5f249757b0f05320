package io.nhp.economics.api;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.startsWith;

import io.nhp.contracts.Topics;
import io.nhp.contracts.events.DeviceState;
import io.nhp.contracts.events.DeviceStatusEvent;
import io.nhp.contracts.events.JobCompletedEvent;
import io.nhp.contracts.events.JobCompletedEvent.Execution;
import io.nhp.kafka.testkit.Caller;
import io.nhp.kafka.testkit.KafkaTestResource;
import io.nhp.kafka.testkit.TopicWriter;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.function.ToIntFunction;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * SECURITY.md's "Who reads what" for every economics-service endpoint, against every kind of caller: each row of
 * {@link #matrix()} is an endpoint, a caller and the status that caller must get.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
class AuthMatrixIT {

    static final String DEVICE = "d-matrix";

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    private static boolean seeded;

    static Stream<Arguments> matrix() {
        ToIntFunction<Caller> xiaomisFigures = caller -> refusedAs(caller, Caller.XIAOMI, Caller.OPS);
        return Stream.of(Caller.values()).flatMap(caller -> Stream.of(
                Arguments.of("/api/v1/capacity/xiaomi", caller, xiaomisFigures.applyAsInt(caller)),
                Arguments.of("/api/v1/savings/xiaomi", caller, xiaomisFigures.applyAsInt(caller)),
                Arguments.of("/api/v1/payouts/partners/xiaomi", caller, xiaomisFigures.applyAsInt(caller)),
                // a device's earnings: its owner, vouched for by the device's partner (not the same id at samsung)
                Arguments.of("/api/v1/payouts/devices/" + DEVICE, caller, refusedAs(caller, Caller.OWNER, Caller.OPS)),
                // an owner id's earnings across partners: ops only
                Arguments.of("/api/v1/payouts/owners/" + Caller.OWNER_ID, caller, refusedAs(caller, Caller.OPS)),
                // each partner's money of the day, for Prometheus
                Arguments.of("/q/metrics", caller, refusedAs(caller, Caller.METRICS, Caller.OPS)),
                // public: the model's projections
                Arguments.of("/api/v1/projections/xiaomi", caller, 200)));
    }

    /** 200 for the callers allowed; 401 for no (or no valid) credential; 403 for any other credential. */
    private static int refusedAs(Caller caller, Caller... allowed) {
        if (caller == Caller.NOBODY || caller.counterfeit()) {
            return 401;
        }
        return List.of(allowed).contains(caller) ? 200 : 403;
    }

    @BeforeEach
    void givenTheOwnersPhoneAtXiaomiAndAJobItWasPaidFor() {
        if (seeded) {
            return;
        }
        seeded = true; // once: a failure here shows in the first case, not again in each
        ReferenceData.seedOnce(bootstrapServers);
        Instant at = Instant.now().minus(Duration.ofMinutes(2)).truncatedTo(ChronoUnit.MINUTES).plusSeconds(10);
        JobCompletedEvent job = new JobCompletedEvent("e-matrix", at, "j-matrix", "xiaomi", "training_small", 3600.0,
                "h", true, at.minusSeconds(60), List.of(new Execution(DEVICE, Caller.OWNER_ID, "china", 34.0, 1800.0)),
                List.of());
        TopicWriter.send(bootstrapServers, Topics.JOBS_COMPLETED, job.jobId(), job);
        TopicWriter.send(bootstrapServers, Topics.DEVICES_STATUS, DEVICE, new DeviceStatusEvent("s-matrix",
                Instant.now(), DEVICE, "xiaomi", Caller.OWNER_ID, "china", "Xiaomi 14", 34.0, 12, null,
                DeviceState.ELIGIBLE, List.of(), Instant.now()));
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            for (String path : List.of("/api/v1/payouts/devices/" + DEVICE, "/api/v1/capacity/xiaomi",
                    "/api/v1/savings/xiaomi", "/api/v1/projections/xiaomi")) {
                as(Caller.OPS).get(path).then().statusCode(200);
            }
        });
    }

    @ParameterizedTest(name = "GET {0} as {1} → {2}")
    @MethodSource("matrix")
    void shouldAnswerEachCallerAsSecurityMdSays(String path, Caller caller, int status) {
        ValidatableResponse response = as(caller).get(path).then().statusCode(status);
        if (status >= 400) {
            response.contentType(startsWith(path.startsWith("/q/") ? "" : "application/problem+json"));
        }
        if (status == 401) {
            response.header("WWW-Authenticate", startsWith("Bearer"));
        }
    }

    private static RequestSpecification as(Caller caller) {
        return caller.token == null ? given() : given().auth().oauth2(caller.token);
    }
}
