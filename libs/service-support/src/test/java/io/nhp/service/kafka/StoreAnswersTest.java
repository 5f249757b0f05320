package io.nhp.service.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.nhp.contracts.serde.Json;
import io.nhp.service.Problem;
import io.nhp.service.ProblemException;
import io.nhp.service.ProblemMappers;
import io.nhp.service.kafka.StoreQueries.Result;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What an HTTP client gets for each answer of a store query, as the service's problem mappers send it. */
class StoreAnswersTest {

    static final URI ASKED = URI.create("http://localhost:8081/api/v1/fleet?partner=xiaomi&region=south%20korea");

    final ProblemMappers mappers = new ProblemMappers();

    @Test
    void shouldAnswerTheValueFound() {
        assertThat(StoreAnswers.value(new Result.Found<>("2.49"), ASKED, "prices")).contains("2.49");
    }

    @Test
    void shouldLeaveNothingFoundToTheEndpoint() {
        assertThat(StoreAnswers.value(new Result.NotFound<String>(), ASKED, "prices")).isEmpty();
    }

    @Test
    void shouldAskTheInstanceThatHoldsTheKeyTheSamePathAndQuery() {
        // when another instance holds the key
        Throwable thrown = catchThrowable(() -> StoreAnswers.value(new Result.Elsewhere<>("registry-2.nhp.svc", 8081),
                ASKED, "fleet counts"));

        // then the request goes on to the same path and query there (StoreForwarding relays its answer)
        assertThat(thrown).isInstanceOfSatisfying(HeldElsewhere.class, held -> assertThat(held.target()).isEqualTo(
                URI.create("http://registry-2.nhp.svc:8081/api/v1/fleet?partner=xiaomi&region=south%20korea")));
    }

    @Test
    void shouldNameAPathOfTheSameServiceAtTheInstanceThatHoldsTheKey() {
        assertThat(new Result.Elsewhere<String>("registry-2.nhp.svc", 8081).at(URI.create("/api/v1/heartbeats")))
                .isEqualTo(URI.create("http://registry-2.nhp.svc:8081/api/v1/heartbeats"));
    }

    @Test
    void shouldAskTheClientToComeBackWhileTheStoreIsLoading() throws Exception {
        // when the store is restoring or rebalancing
        Response response = answered(new Result.NotReady<>("the state store, fleet, may have migrated"));

        // then a 503 problem saying what is loading, with when to try again, and nothing of Kafka's reason
        assertThat(response.getStatus()).isEqualTo(503);
        assertThat(response.getMediaType().toString()).isEqualTo(Problem.MEDIA_TYPE);
        assertThat(response.getHeaderString("Retry-After")).isEqualTo("5");
        assertThat(body(response)).containsExactlyInAnyOrderEntriesOf(Map.of("type", "about:blank",
                "title", "Service unavailable", "status", 503,
                "detail", "fleet counts are still loading; try again in a few seconds"));
    }

    /** The response the service's mappers make of what the query's answer threw. */
    private Response answered(Result<String> result) {
        Throwable thrown = catchThrowable(() -> StoreAnswers.value(result, ASKED, "fleet counts"));
        if (thrown instanceof ProblemException problem) {
            return mappers.problem(problem);
        }
        assertThat(thrown).isInstanceOf(WebApplicationException.class);
        return mappers.http((WebApplicationException) thrown);
    }

    /** The body as a client reads it off the wire. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> body(Response response) throws Exception {
        return Json.MAPPER.readValue(Json.MAPPER.writeValueAsBytes(response.getEntity()), Map.class);
    }
}
