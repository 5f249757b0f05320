package io.nhp.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nhp.agent.FakePlatform.Reply;
import io.nhp.agent.FakePlatform.Request;
import io.nhp.agent.compute.EmbeddingCompute;
import io.nhp.agent.protocol.CallFailed;
import io.nhp.agent.protocol.Conditions;
import io.nhp.agent.protocol.PlatformClient;
import io.nhp.embeddings.MiniLm;
import io.nhp.embeddings.Vectors;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AgentTest {

    static final String TEXT = "Idle phones compute sentence embeddings at night.";
    static final String ENROLLMENT = "enrollment-token-of-the-partner";
    static final ObjectMapper JSON = new ObjectMapper();
    static MiniLm model;
    static EmbeddingCompute compute;

    FakePlatform platform;
    Agent agent;

    @BeforeAll
    static void load() {
        model = MiniLm.load();
        compute = new EmbeddingCompute(model);
    }

    @AfterAll
    static void close() {
        model.close();
    }

    @BeforeEach
    void fake() throws Exception {
        platform = new FakePlatform();
    }

    @AfterEach
    void stop() throws Exception {
        if (agent != null) {
            agent.stop();
            assertThat(agent.awaitStopped(Duration.ofSeconds(10))).isTrue();
        }
        platform.close();
    }

    private Agent start(int maxWaitSeconds) {
        agent = new Agent(new Agent.Settings("agent-test", () -> ENROLLMENT, "device-agent/test", "UTC",
                () -> Conditions.ELIGIBLE, maxWaitSeconds),
                new PlatformClient(platform.registryUrl(), platform.brokerUrl()), compute, Clock.systemUTC());
        return agent.start();
    }

    private static JsonNode json(Request request) throws Exception {
        return JSON.readTree(request.body());
    }

    @Test
    void registersBeatsTakesALeaseAndPostsTheModelsVector() throws Exception {
        // given
        platform.pollReplies.add(Reply.json(200,
                FakePlatform.lease("l-1", "embeddings", TEXT, Instant.now().plusSeconds(60))));
        // when
        start(1);
        await().atMost(Duration.ofSeconds(10)).until(() -> agent.stats().succeeded() == 1);
        // then: registered with the partner's token
        Request registration = platform.requests("POST", "/api/v1/devices").get(0);
        assertThat(registration.authorization()).isEqualTo("Bearer " + ENROLLMENT);
        assertThat(json(registration).path("agentVersion").asText()).isEqualTo("device-agent/test");
        // then: a heartbeat with its own credential, eligible by configuration
        Request beat = platform.requests("POST", "/heartbeats").get(0);
        assertThat(beat.authorization()).isEqualTo("Bearer " + FakePlatform.DEVICE_TOKEN);
        JsonNode conditions = json(beat);
        assertThat(conditions.path("charging").asBoolean()).isTrue();
        assertThat(conditions.path("screenOff").asBoolean()).isTrue();
        assertThat(conditions.path("network").asText()).isEqualTo("WIFI");
        // then: a long poll, and the result of the model posted as the contract says
        assertThat(platform.requests("GET", "/jobs/next").get(0).query()).isEqualTo("waitSeconds=1&taskType=embeddings");
        Request posted = platform.requests("POST", "/api/v1/leases/l-1/result").get(0);
        assertThat(posted.authorization()).isEqualTo("Bearer " + FakePlatform.DEVICE_TOKEN);
        JsonNode result = json(posted);
        float[] expected = model.embed(TEXT);
        assertThat(result.path("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(result.path("output").asText()).isEqualTo(Vectors.toBase64(expected));
        assertThat(result.path("outputHash").asText()).isEqualTo(Vectors.sha256Hex(Vectors.toBytes(expected)));
        assertThat(result.path("deviceSeconds").asDouble()).isPositive().isLessThan(5);
        assertThat(result.size()).isEqualTo(4);
    }

    @Test
    void heartbeatsComeAtTheIntervalTheServerAnswers() {
        // given
        platform.nextHeartbeatSeconds = 1;
        // when
        start(20);
        await().atMost(Duration.ofSeconds(10)).until(() -> platform.requests("POST", "/heartbeats").size() >= 3);
        // then: about a second apart, never closer, and no poll outlives the next beat by more than a second
        List<Request> beats = platform.requests("POST", "/heartbeats");
        for (int i = 1; i < 3; i++) {
            Duration gap = Duration.between(beats.get(i - 1).at(), beats.get(i).at());
            assertThat(gap).isBetween(Duration.ofMillis(950), Duration.ofMillis(2_500));
        }
        assertThat(platform.requests("GET", "/jobs/next")).allSatisfy(poll -> assertThat(poll.query())
                .isEqualTo("waitSeconds=1&taskType=embeddings"));
    }

    @Test
    void aBusyPollIsRetriedAfterItsRetryAfter() {
        // given
        platform.pollReplies.add(Reply.busy(429, "2"));
        // when
        start(1);
        await().atMost(Duration.ofSeconds(10)).until(() -> platform.requests("GET", "/jobs/next").size() >= 2);
        // then
        List<Request> polls = platform.requests("GET", "/jobs/next");
        assertThat(Duration.between(polls.get(0).at(), polls.get(1).at())).isGreaterThanOrEqualTo(Duration.ofMillis(1_950));
        assertThat(agent.stats().backoffs()).isEqualTo(1);
        assertThat(agent.isRunning()).isTrue();
    }

    @Test
    void aBusyResultPostIsRetriedWhileTheLeaseLasts() {
        // given
        platform.pollReplies.add(Reply.json(200,
                FakePlatform.lease("l-2", "embeddings", TEXT, Instant.now().plusSeconds(60))));
        platform.resultReplies.add(Reply.busy(503, "1"));
        // when
        start(1);
        await().atMost(Duration.ofSeconds(10)).until(() -> agent.stats().succeeded() == 1);
        // then
        List<Request> posts = platform.requests("POST", "/api/v1/leases/l-2/result");
        assertThat(posts).hasSize(2);
        assertThat(Duration.between(posts.get(0).at(), posts.get(1).at())).isGreaterThanOrEqualTo(Duration.ofMillis(950));
        assertThat(posts.get(1).body()).isEqualTo(posts.get(0).body());
    }

    @Test
    void aLeaseAlreadyExpiredIsNotPosted() {
        // given
        platform.pollReplies.add(Reply.json(200,
                FakePlatform.lease("l-3", "embeddings", TEXT, Instant.now().minusSeconds(1))));
        // when
        start(1);
        await().atMost(Duration.ofSeconds(10)).until(() -> agent.stats().expired() == 1);
        // then
        assertThat(platform.requests("POST", "/result")).isEmpty();
        assertThat(agent.stats().leases()).isEqualTo(1);
        assertThat(agent.isRunning()).isTrue();
    }

    @Test
    void aLeaseWithoutInputIsAnsweredFailed() throws Exception {
        // given: an older task type, which carries no input
        platform.pollReplies.add(Reply.json(200,
                FakePlatform.lease("l-4", "inference_text", null, Instant.now().plusSeconds(60))));
        // when
        start(1);
        await().atMost(Duration.ofSeconds(10)).until(() -> agent.stats().failed() == 1);
        // then
        JsonNode result = json(platform.requests("POST", "/api/v1/leases/l-4/result").get(0));
        assertThat(result.path("status").asText()).isEqualTo("FAILED");
        assertThat(result.has("output")).isFalse();
        assertThat(result.has("outputHash")).isFalse();
        assertThat(result.path("deviceSeconds").isNumber()).isTrue();
    }

    @Test
    void stopEndsALongPollAtOnce() throws Exception {
        // given: a poll held for 20 s
        platform.maxPollHoldMillis = 20_000;
        start(20);
        await().atMost(Duration.ofSeconds(10)).until(() -> platform.requests("GET", "/jobs/next").size() == 1);
        // when
        agent.stop();
        // then
        assertThat(agent.awaitStopped(Duration.ofSeconds(3))).isTrue();
        assertThat(agent.failure()).isEmpty();
    }

    @Test
    void stopFinishesAPostUnderWayThenEnds() throws Exception {
        // given: a result answered after 1.5 s
        platform.resultDelayMillis = 1_500;
        platform.pollReplies.add(Reply.json(200,
                FakePlatform.lease("l-5", "embeddings", TEXT, Instant.now().plusSeconds(60))));
        start(1);
        await().atMost(Duration.ofSeconds(10)).until(() -> platform.requests("POST", "/result").size() == 1);
        // when
        agent.stop();
        // then: the post got its answer, and the agent ended without another poll
        assertThat(agent.awaitStopped(Duration.ofSeconds(5))).isTrue();
        assertThat(agent.stats().succeeded()).isEqualTo(1);
        assertThat(agent.stats().expired()).isZero();
        assertThat(platform.requests("GET", "/jobs/next")).hasSize(1);
    }

    @Test
    void aRevokedCredentialStopsTheAgent() throws Exception {
        // given
        platform.heartbeatReplies.add(Reply.json(401, "{\"title\":\"revoked\"}"));
        // when
        start(1);
        // then
        assertThat(agent.awaitStopped(Duration.ofSeconds(10))).isTrue();
        assertThat(agent.failure()).get().isInstanceOfSatisfying(CallFailed.class,
                e -> assertThat(e.status()).isEqualTo(401));
        assertThat(platform.requests("GET", "/jobs/next")).isEmpty();
    }
}
