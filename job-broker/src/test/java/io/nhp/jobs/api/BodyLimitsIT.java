package io.nhp.jobs.api;

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
import org.junit.jupiter.api.Test;

/** Body limits on the bytes read: 200 KiB for a job (room for a 32 KiB input), 4 MiB for a batch, chunked or not. */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
class BodyLimitsIT extends WithTaskTypes {

    static final int KIB = 1024;

    @TestHTTPResource("/")
    URI root;

    @Test
    void shouldRefuseAJobOverTheLimitSentChunkedOrDeclaredAndQueueNothing() {
        // given
        String marker = "s3://too-large/" + UUID.randomUUID();
        byte[] body = RawPost.padded(job(marker), 256 * KIB);

        // when
        var chunked = submit("/api/v1/jobs", body, true);
        var declared = submit("/api/v1/jobs", body, false);

        // then
        RawPost.assertTooLarge(chunked, "200 KiB");
        RawPost.assertTooLarge(declared, "200 KiB");
        assertThat(TopicSnapshot.read(bootstrapServers, Topics.JOBS_SUBMITTED, Duration.ofSeconds(10)))
                .noneMatch(r -> r.value() != null && marker.equals(r.value().inputRef()));
    }

    @Test
    void shouldTakeAJobJustUnderTheLimitSentChunked() {
        // given
        String marker = "s3://just-under/" + UUID.randomUUID();

        // when
        var response = submit("/api/v1/jobs", RawPost.padded(job(marker), 200 * KIB), true);

        // then
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
    }

    @Test
    void shouldRefuseABatchOverFourMibSentChunkedAndReadOneJustUnderWhetherItsColonIsEncodedOrNot() {
        // given
        String marker = "s3://batch/" + UUID.randomUUID();
        String batch = "{\"jobs\":[" + job(marker) + "]}";

        // when
        var over = submit("/api/v1/jobs:batch", RawPost.padded(batch, 4096 * KIB + 1), true);
        var under = submit("/api/v1/jobs:batch", RawPost.padded(batch, 4096 * KIB), true);
        var encoded = submit("/api/v1/jobs%3Abatch", RawPost.padded(batch, 1024 * KIB), true);

        // then
        RawPost.assertTooLarge(over, "4096 KiB");
        assertThat(under.statusCode()).as(under.body()).isEqualTo(202);
        assertThat(encoded.statusCode()).as("jobs%3Abatch is the batch too: " + encoded.body()).isEqualTo(202);
    }

    private HttpResponse<String> submit(String path, byte[] body, boolean chunked) {
        URI uri = root.resolve(path);
        return chunked ? RawPost.chunked("POST", uri, JobBrokerIT.XIAOMI, "application/json", body)
                : RawPost.declared("POST", uri, JobBrokerIT.XIAOMI, "application/json", body);
    }

    private static String job(String inputRef) {
        return JobBrokerIT.job("test_echo", 5, 1).replace("s3://in/test_echo", inputRef);
    }

}
