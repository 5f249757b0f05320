package io.nhp.jobs.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;

import io.nhp.contracts.Topics;
import io.nhp.kafka.testkit.KafkaTestResource;
import io.nhp.kafka.testkit.TopicReader;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(KafkaTestResource.class)
class JobResourceIT {

    static final String JOB = """
            {"partner":"xiaomi","taskType":"inference_text","inputRef":"s3://in/1","inputHash":"sha256:ab","redundancy":2}""";

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Test
    void shouldAcceptJobOnceItIsInKafka() {
        // when
        String jobId = given().contentType(ContentType.JSON).body(JOB)
                .when().post("/api/v1/jobs")
                .then().statusCode(202).body("jobId", notNullValue())
                .extract().path("jobId");

        // then
        var record = TopicReader.awaitRecord(bootstrapServers, Topics.JOBS_SUBMITTED,
                r -> r.key().equals(jobId), Duration.ofSeconds(10));
        assertThat(record.value().taskType()).isEqualTo("inference_text");
        assertThat(record.value().redundancy()).isEqualTo(2);
        assertThat(record.value().partner()).isEqualTo("xiaomi");
    }

    @Test
    void shouldRejectRedundancyOutOfRange() {
        given().contentType(ContentType.JSON).body(JOB.replace("\"redundancy\":2", "\"redundancy\":4"))
                .when().post("/api/v1/jobs")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItem("redundancy"));
    }

    @Test
    void shouldBeReadyAndDocumented() {
        given().when().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
        given().when().get("/q/metrics").then().statusCode(200).body(containsString("jvm_memory"));
        given().when().get("/q/openapi?format=json").then().statusCode(200)
                .body("paths", org.hamcrest.Matchers.hasKey("/api/v1/jobs"));
    }
}
