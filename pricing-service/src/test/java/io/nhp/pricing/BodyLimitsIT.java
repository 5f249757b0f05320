package io.nhp.pricing;

import static org.assertj.core.api.Assertions.assertThat;

import io.nhp.contracts.TopicSnapshot;
import io.nhp.contracts.Topics;
import io.nhp.kafka.testkit.KafkaTestResource;
import io.nhp.kafka.testkit.RawPost;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** The 256 KiB limit on a partner profile or a price change, on the bytes read: chunked or with a Content-Length. */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
class BodyLimitsIT {

    static final int KIB = 1024;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @TestHTTPResource("/")
    URI root;

    @Test
    void shouldRefuseAProfileOverTheLimitSentChunkedOrDeclaredAndPublishNothing() {
        // given
        String key = "big" + UUID.randomUUID().toString().substring(0, 8);
        byte[] body = RawPost.padded(ReferenceDataIT.profile(key, ""), 300 * KIB);
        URI partners = root.resolve("/api/v1/partners");

        // when
        var chunked = RawPost.chunked("POST", partners, ReferenceDataIT.ADMIN, "application/json", body);
        var declared = RawPost.declared("POST", partners, ReferenceDataIT.ADMIN, "application/json", body);

        // then
        assertTooLarge(chunked);
        assertTooLarge(declared);
        assertThat(TopicSnapshot.read(bootstrapServers, Topics.REFERENCE_PARTNERS, Duration.ofSeconds(10)))
                .noneMatch(r -> r.key().contains(key));
    }

    @Test
    void shouldRefuseAPriceChangeOverTheLimitSentChunked() {
        // given
        byte[] body = RawPost.padded("{\"hourly_cost_usd\": 1.0}", 256 * KIB + 1);

        // when
        var chunked = RawPost.chunked("PUT", root.resolve("/api/v1/prices/cloud/aws_a100"), ReferenceDataIT.ADMIN,
                "application/json", body);

        // then
        assertTooLarge(chunked);
    }

    @Test
    void shouldTakeAProfileOfExactlyTheLimitSentChunked() {
        // given
        String key = "edge" + UUID.randomUUID().toString().substring(0, 8);

        // when
        var response = RawPost.chunked("POST", root.resolve("/api/v1/partners"), ReferenceDataIT.ADMIN,
                "application/json", RawPost.padded(ReferenceDataIT.profile(key, ""), 256 * KIB));

        // then
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    }

    private static void assertTooLarge(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(413);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(response.body()).contains("\"status\":413").contains("over 256 KiB");
    }
}
