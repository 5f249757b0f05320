package io.nhp.pricing.catalog;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.nhp.contracts.TopicSnapshot;
import io.nhp.contracts.Topics;
import io.nhp.contracts.events.ReferenceDataEvent;
import io.nhp.contracts.events.Required;
import io.nhp.kafka.testkit.Caller;
import io.nhp.kafka.testkit.KafkaTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** A second pricing-service that claims the writer fences the first: it can no longer write and is not ready. */
@QuarkusTest
@TestProfile(SingleWriterIT.OwnWriterId.class)
@WithTestResource(KafkaTestResource.class)
class SingleWriterIT {

    static final String WRITER_ID = "pricing-writer-fence-test";

    /** Its own transactional.id, so that fencing this app does not touch the other tests' one. */
    public static class OwnWriterId implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("nhp.pricing.writer-id", WRITER_ID);
        }
    }

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Test
    void shouldStopWritingOnceAnotherInstanceClaimsTheWriter() {
        // given this instance writes
        given().get("/q/health/ready").then().statusCode(200);
        long version = change("0.081").then().statusCode(200).extract().jsonPath().getLong("version");

        // when another instance starts with the same writer id
        try (SingleWriter other = new SingleWriter(bootstrapServers, WRITER_ID, new SimpleMeterRegistry())) {
            other.claim();

            // then this one refuses changes with a 503 problem and nothing of it reaches the topic
            change("0.082").then().statusCode(503).contentType("application/problem+json")
                    .body("detail", containsString("not the writer"));
            given().get("/q/health/ready").then().statusCode(503)
                    .body("checks.find { it.name == 'reference data writer' }.data.state",
                            equalTo("fenced by another instance"));

            // and the new writer carries the versions on, one by one
            other.write(Topics.REFERENCE_PRICES, "region:brazil", next(version, "0.083"));
            assertThat(versions()).endsWith(version, version + 1);
        }
    }

    private static io.restassured.response.Response change(String price) {
        return given().auth().oauth2(Caller.OPS.token).contentType("application/json")
                .body("{\"electricity_usd_per_kwh\": " + price + "}").put("/api/v1/regions/brazil");
    }

    /** The other instance's next version of the region, after the given one. */
    private ReferenceDataEvent next(long version, String price) {
        ReferenceDataEvent current = brazil().get(brazil().size() - 1);
        ObjectNode data = current.data().deepCopy();
        data.put("electricity_usd_per_kwh", new BigDecimal(price));
        return new ReferenceDataEvent(Required.newEventId(), Instant.now(), current.kind(), current.id(), version + 1,
                Instant.now(), "other-instance", data, List.of());
    }

    private List<Long> versions() {
        return brazil().stream().map(ReferenceDataEvent::version).toList();
    }

    /** Every committed version of region:brazil, in topic order. */
    private List<ReferenceDataEvent> brazil() {
        return TopicSnapshot.read(bootstrapServers, Topics.REFERENCE_PRICES, Duration.ofSeconds(10)).stream()
                .filter(r -> r.key().equals("region:brazil")).map(ConsumerRecord::value).toList();
    }
}
