package io.nhp.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nhp.agent.FakePlatform.Answer;
import io.nhp.agent.FakePlatform.Reply;
import io.nhp.agent.FakePlatform.Request;
import io.nhp.agent.compute.EmbeddingCompute;
import io.nhp.agent.protocol.CallFailed;
import io.nhp.agent.protocol.Conditions;
import io.nhp.agent.protocol.PlatformClient;
import io.nhp.embeddings.MiniLm;
import io.nhp.embeddings.Vectors;
import io.nhp.jobs.api.ExchangeRequest;
import io.nhp.jobs.api.ResultRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** One agent against {@link FakePlatform}: what it sends, and what it does with each answer. */
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
        return start(maxWaitSeconds, 1);
    }

    private Agent start(int maxWaitSeconds, int want) {
        agent = new Agent(new Agent.Settings("agent-test", () -> ENROLLMENT, "device-agent/test", "UTC",
                () -> Conditions.ELIGIBLE, maxWaitSeconds, want),
                new PlatformClient(platform.registryUrl(), platform.brokerUrl()), compute, Clock.systemUTC());
        return agent.start();
    }

    private static JsonNode json(Request request) throws Exception {
        return JSON.readTree(request.body());
    }

    private static Instant inAMinute() {
        return Instant.now().plusSeconds(60);
    }

    /** The lease ids of the results an exchange handed in, in order. */
    private static List<String> handedIn(ExchangeRequest exchange) {
        return exchange.results().stream().map(ExchangeRequest.Result::leaseId).toList();
    }

    @Test
    void registersBeatsAndHandsInTheModelsVectorWithTheNextExchange() throws Exception {
        // given
        platform.exchangeAnswers.add(Answer.leases(FakePlatform.lease("l-1", "embeddings", TEXT, inAMinute())));
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
        // then: the first exchange asks for a lease of the work it runs, handing nothing in
        List<ExchangeRequest> exchanges = platform.exchanges();
        assertThat(exchanges.get(0)).isEqualTo(new ExchangeRequest(List.of(), 1, 1, List.of("embeddings")));
        // then: the next one hands the model's vector in as the contract says, and asks for more
        float[] expected = model.embed(TEXT);
        ExchangeRequest second = exchanges.get(1);
        assertThat(handedIn(second)).containsExactly("l-1");
        ResultRequest result = second.results().get(0).result();
        assertThat(result.status()).isEqualTo(ResultRequest.Status.SUCCEEDED);
        assertThat(result.output()).isEqualTo(Vectors.toBase64(expected));
        assertThat(result.outputHash()).isEqualTo(Vectors.sha256Hex(Vectors.toBytes(expected)));
        assertThat(result.deviceSeconds()).isPositive().isLessThan(5);
        assertThat(second.want()).isEqualTo(1);
        assertThat(json(platform.requests("POST", "/api/v1/exchange").get(1)).path("results").get(0).path("result")
                .size()).isEqualTo(4);
        assertThat(platform.requests("POST", "/api/v1/exchange")).allSatisfy(exchange -> assertThat(
                exchange.authorization()).isEqualTo("Bearer " + FakePlatform.DEVICE_TOKEN));
    }

    @Test
    void heartbeatsComeAtTheIntervalTheServerAnswers() {
        // given
        platform.nextHeartbeatSeconds = 1;
        // when
        start(20);
        await().atMost(Duration.ofSeconds(10)).until(() -> platform.requests("POST", "/heartbeats").size() >= 3);
        // then: about a second apart, never closer, and no exchange waits past the next beat by more than a second
        List<Request> beats = platform.requests("POST", "/heartbeats");
        for (int i = 1; i < 3; i++) {
            Duration gap = Duration.between(beats.get(i - 1).at(), beats.get(i).at());
            assertThat(gap).isBetween(Duration.ofMillis(950), Duration.ofMillis(2_500));
        }
        assertThat(platform.exchanges()).allSatisfy(exchange -> assertThat(exchange.waitSeconds()).isEqualTo(1));
    }

    @Test
    void aBusyExchangeIsRetriedAfterItsRetryAfter() {
        // given
        platform.exchangeAnswers.add(Answer.whole(Reply.busy(429, "2")));
        // when
        start(1);
        await().atMost(Duration.ofSeconds(10)).until(() -> platform.exchanges().size() >= 2);
        // then
        List<Request> exchanges = platform.requests("POST", "/api/v1/exchange");
        assertThat(Duration.between(exchanges.get(0).at(), exchanges.get(1).at()))
                .isGreaterThanOrEqualTo(Duration.ofMillis(1_950));
        assertThat(agent.stats().backoffs()).isEqualTo(1);
        assertThat(agent.isRunning()).isTrue();
    }

    @Test
    void aBusyExchangeKeepsItsResultsForTheNextTry() {
        // given: the exchange handing the result in is answered 503
        platform.exchangeAnswers.add(Answer.leases(FakePlatform.lease("l-2", "embeddings", TEXT, inAMinute())));
        platform.exchangeAnswers.add(Answer.whole(Reply.busy(503, "1")));
        // when
        start(1);
        await().atMost(Duration.ofSeconds(10)).until(() -> agent.stats().succeeded() == 1);
        // then: handed in again, the same, after the pause
        List<ExchangeRequest> exchanges = platform.exchanges();
        assertThat(handedIn(exchanges.get(1))).containsExactly("l-2");
        assertThat(exchanges.get(2).results()).isEqualTo(exchanges.get(1).results());
        List<Request> sent = platform.requests("POST", "/api/v1/exchange");
        assertThat(Duration.between(sent.get(1).at(), sent.get(2).at())).isGreaterThanOrEqualTo(Duration.ofMillis(950));
        assertThat(agent.stats().backoffs()).isEqualTo(1);
    }

    @Test
    void aResultWhoseLeaseEndsBeforeTheRetryIsNotHandedIn() {
        // given: a lease of 2.5 s, and the exchange handing its result in told to come back in 3 s
        platform.exchangeAnswers.add(Answer.leases(FakePlatform.lease("l-9", "embeddings", TEXT,
                Instant.now().plusMillis(2_500))));
        platform.exchangeAnswers.add(Answer.whole(Reply.busy(503, "3")));
        // when
        start(1);
        await().atMost(Duration.ofSeconds(10)).until(() -> platform.exchanges().size() >= 3);
        // then
        assertThat(agent.stats().expired()).isEqualTo(1);
        assertThat(platform.exchanges().get(2).results()).isEmpty();
        assertThat(agent.stats().succeeded()).isZero();
    }

    @Test
    void aRefusedResultIsCountedAndTheAgentGoesOn() {
        // given: the broker answers the result 409 (its lease had ended there)
        platform.exchangeAnswers.add(Answer.leases(FakePlatform.lease("l-6", "embeddings", TEXT, inAMinute())));
        platform.exchangeAnswers.add(Answer.resultsAnswered(409));
        // when
        start(1);
        await().atMost(Duration.ofSeconds(10)).until(() -> agent.stats().refused() == 1);
        await().atMost(Duration.ofSeconds(10)).until(() -> platform.exchanges().size() >= 3);
        // then: not handed in again, and the agent goes on
        assertThat(platform.exchanges().get(2).results()).isEmpty();
        assertThat(agent.stats().succeeded()).isZero();
        assertThat(agent.isRunning()).isTrue();
    }

    @Test
    void asksForWantLeasesAndHandsInAllTheirResultsInOneExchange() {
        // given: the agent asks for 3 leases per exchange, and the broker gives 2 (its cap may be lower)
        platform.exchangeAnswers.add(Answer.leases(FakePlatform.lease("l-7", "embeddings", TEXT, inAMinute()),
                FakePlatform.lease("l-8", "embeddings", "Another sentence.", inAMinute())));
        // when
        start(1, 3);
        await().atMost(Duration.ofSeconds(10)).until(() -> agent.stats().succeeded() == 2);
        // then: both results in the next exchange, in order, which asks for 3 more
        List<ExchangeRequest> exchanges = platform.exchanges();
        assertThat(exchanges.get(0).want()).isEqualTo(3);
        assertThat(handedIn(exchanges.get(1))).containsExactly("l-7", "l-8");
        assertThat(exchanges.get(1).want()).isEqualTo(3);
        assertThat(agent.stats().leases()).isEqualTo(2);
    }

    @Test
    void aLeaseAlreadyExpiredIsNotHandedIn() {
        // given
        platform.exchangeAnswers.add(Answer.leases(FakePlatform.lease("l-3", "embeddings", TEXT,
                Instant.now().minusSeconds(1))));
        // when
        start(1);
        await().atMost(Duration.ofSeconds(10)).until(() -> agent.stats().expired() == 1);
        await().atMost(Duration.ofSeconds(10)).until(() -> platform.exchanges().size() >= 2);
        // then
        assertThat(platform.exchanges()).allSatisfy(exchange -> assertThat(exchange.results()).isEmpty());
        assertThat(agent.stats().leases()).isEqualTo(1);
        assertThat(agent.isRunning()).isTrue();
    }

    @Test
    void aLeaseWithoutInputIsAnsweredFailed() throws Exception {
        // given: an older task type, which carries no input
        platform.exchangeAnswers.add(Answer.leases(FakePlatform.lease("l-4", "inference_text", null, inAMinute())));
        // when
        start(1);
        await().atMost(Duration.ofSeconds(10)).until(() -> agent.stats().failed() == 1);
        // then
        ResultRequest result = platform.exchanges().get(1).results().get(0).result();
        assertThat(result.status()).isEqualTo(ResultRequest.Status.FAILED);
        assertThat(result.output()).isNull();
        assertThat(result.outputHash()).isNull();
        assertThat(result.deviceSeconds()).isNotNull();
    }

    @Test
    void stopEndsALongPollAtOnce() throws Exception {
        // given: an exchange held for 20 s
        platform.maxPollHoldMillis = 20_000;
        start(20);
        await().atMost(Duration.ofSeconds(10)).until(() -> platform.exchanges().size() == 1);
        // when
        agent.stop();
        // then: ended, and one last exchange asking for nothing, so that the broker answers the abandoned one
        // with no lease (a lease handed to it would be held by nobody until it expired)
        assertThat(agent.awaitStopped(Duration.ofSeconds(3))).isTrue();
        assertThat(agent.failure()).isEmpty();
        assertThat(platform.exchanges()).element(1).isEqualTo(new ExchangeRequest(List.of(), 0, 0, null));
        assertThat(platform.exchanges()).hasSize(2);
    }

    @Test
    void stopHandsInTheResultsOfAnExchangeItEnds() throws Exception {
        // given: the exchange handing a result in is held for 20 s (no lease to give)
        platform.maxPollHoldMillis = 20_000;
        platform.exchangeAnswers.add(Answer.leases(FakePlatform.lease("l-5", "embeddings", TEXT, inAMinute())));
        start(20);
        await().atMost(Duration.ofSeconds(10)).until(() -> platform.exchanges().size() == 2);
        // when
        agent.stop();
        // then: the long poll ended at once, and the result handed in again, asking for nothing, before the end
        assertThat(agent.awaitStopped(Duration.ofSeconds(3))).isTrue();
        List<ExchangeRequest> exchanges = platform.exchanges();
        assertThat(exchanges).hasSize(3);
        assertThat(exchanges.get(2)).isEqualTo(new ExchangeRequest(exchanges.get(1).results(), 0, 0, null));
        assertThat(agent.stats().succeeded()).isEqualTo(1);
        assertThat(agent.stats().expired()).isZero();
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
        assertThat(platform.requests("POST", "/api/v1/exchange")).isEmpty();
    }
}
