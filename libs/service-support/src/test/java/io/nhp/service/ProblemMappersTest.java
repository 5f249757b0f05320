package io.nhp.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.nhp.contracts.events.DeadLetterEvent;
import io.nhp.contracts.serde.Json;
import io.nhp.service.json.StrictJson;
import io.quarkus.security.ForbiddenException;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.RedirectionException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TimeoutException;
import org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator;
import org.junit.jupiter.api.Test;

/** What a client gets for a refused request: the status, {@code application/problem+json}, and the fields. */
class ProblemMappersTest {

    /** Shaped like a heartbeat: bounds the service declares with Bean Validation. */
    record Beat(@Min(0) @Max(100) Integer batteryPct, @NotBlank String network) {
    }

    /** Shaped like a REST resource method taking a body. */
    static class Resource {
        @SuppressWarnings("unused")
        void heartbeat(@jakarta.validation.Valid Beat request) {
        }
    }

    static final Validator VALIDATOR = Validation.byDefaultProvider().configure()
            .messageInterpolator(new ParameterMessageInterpolator()).buildValidatorFactory().getValidator();
    static final ObjectMapper STRICT = strict();

    final ProblemMappers mappers = new ProblemMappers();

    @Test
    void shouldAnswerAProblemExceptionWithItsStatusTitleDetailAndHeaders() throws Exception {
        // when
        Response unauthorized = mappers.problem(ProblemException.unauthorized("the token has expired"));
        Response throttled = mappers.problem(ProblemException.tooManyRequests("slow down", Duration.ofMillis(300)));

        // then
        assertProblem(unauthorized, 401, "Unauthorized", "the token has expired");
        assertThat(unauthorized.getHeaderString("WWW-Authenticate")).isEqualTo("Bearer");
        assertProblem(throttled, 429, "Too many requests", "slow down");
        assertThat(throttled.getHeaderString("Retry-After")).as("never less than a second").isEqualTo("1");
        assertThat(body(mappers.problem(ProblemException.tooLarge(16 * 1024, "that is the most /x takes"))))
                .containsEntry("detail", "the request body is over 16 KiB; that is the most /x takes");
    }

    @Test
    void shouldWriteTheWireBodyOfRfc9457WithoutEmptyFields() throws Exception {
        // when
        Map<String, Object> wire = body(mappers.problem(ProblemException.conflict("device d-1 exists")));

        // then exactly these members: no instance, no empty errors
        assertThat(wire).containsExactlyInAnyOrderEntriesOf(Map.of("type", "about:blank", "title", "Conflict",
                "status", 409, "detail", "device d-1 exists"));
    }

    @Test
    void shouldNameEveryInvalidFieldAsTheClientNamedItSorted() throws Exception {
        // given a body refused by Bean Validation on a resource method's parameter
        var violations = VALIDATOR.forExecutables().validateParameters(new Resource(),
                Resource.class.getDeclaredMethod("heartbeat", Beat.class), new Object[] {new Beat(120, " ")});

        // when
        Response response = mappers.invalid(new ConstraintViolationException(violations));

        // then the fields are named without the method and parameter ("heartbeat.request.batteryPct")
        assertProblem(response, 400, "Invalid request", "batteryPct must be less than or equal to 100; network must not be blank");
        assertThat(problem(response).errors()).containsExactly(
                new Problem.FieldError("batteryPct", "must be less than or equal to 100"),
                new Problem.FieldError("network", "must not be blank"));
    }

    @Test
    void shouldNameTheFieldOfABodyStrictJsonRefused() {
        // given a battery level sent as text; when it is refused
        Response response = refusedBody("{\"batteryPct\":\"80\",\"network\":\"WIFI\"}");

        // then
        assertThat(problem(response).title()).isEqualTo("Malformed request body");
        assertFieldError(response, "batteryPct", "must be a JSON number, not text");
        assertThat(problem(response).detail()).startsWith("batteryPct: ");
    }

    @Test
    void shouldNameAMisspeltFieldAndTheFieldsTheRequestHas() {
        Response response = refusedBody("{\"batteryPtc\":80}");

        assertFieldError(response, "batteryPtc", "is not a field of this request (it has batteryPct, network)");
    }

    enum Network { WIFI, CELLULAR }

    record Connected(Network network, Beat beat, java.util.List<Beat> beats) {
    }

    @Test
    void shouldSayWhichValuesAnEnumTakesAndNameNoClassOfOurs() {
        Response wrongName = refused("{\"network\":\"wifi\"}", Connected.class);
        Response wrongShape = refused("{\"beat\":[1]}", Connected.class);
        Response notAList = refused("{\"beats\":{}}", Connected.class);

        assertFieldError(wrongName, "network", "must be one of WIFI, CELLULAR, not wifi");
        assertThat(problem(wrongShape).detail()).doesNotContain("io.nhp").doesNotContain("`");
        assertThat(problem(wrongShape).errors()).extracting(Problem.FieldError::field).containsExactly("beat");
        assertThat(problem(notAList).detail()).doesNotContain("java.util").doesNotContain("io.nhp").doesNotContain("`");
    }

    @Test
    void shouldAnswerBrokenJsonWithA400ThatNamesNoField() {
        var refused = catchThrowableOfType(JsonProcessingException.class, () -> STRICT.readValue("{\"batteryPct\":", Beat.class));

        Response response = mappers.unreadable(refused);

        assertThat(response.getStatus()).isEqualTo(400);
        assertThat(response.getMediaType().toString()).isEqualTo(Problem.MEDIA_TYPE);
        assertThat(problem(response).errors()).isEmpty();
        assertThat(problem(response).detail()).isNotBlank();
    }

    @Test
    void shouldAnswerABodyQuarkusCouldNotReadAsMalformedNamingTheField() {
        // given Quarkus' reader wrapping Jackson's refusal
        var refused = catchThrowableOfType(MismatchedInputException.class,
                () -> STRICT.readValue("{\"batteryPct\":2.5}", Beat.class));

        // when
        Response response = mappers.http(new WebApplicationException(refused, 400));

        // then
        assertThat(problem(response).title()).isEqualTo("Malformed request body");
        assertThat(problem(response).errors()).extracting(Problem.FieldError::field).containsExactly("batteryPct");
    }

    @Test
    void shouldPassARedirectThroughAndAnswerOtherHttpErrorsAsProblems() {
        URI holder = URI.create("http://registry-1:8081/api/v1/devices/d-1");

        Response redirect = mappers.http(new RedirectionException(Response.Status.SEE_OTHER, holder));
        Response notFound = mappers.http(new NotFoundException("no such path"));

        assertThat(redirect.getStatus()).isEqualTo(303);
        assertThat(redirect.getLocation()).isEqualTo(holder);
        assertProblem(notFound, 404, "Not Found", "no such path");
    }

    @Test
    void shouldAnswerKafkaNotAcknowledgingWith503AndRetryAfter() {
        Response response = mappers.kafkaUnavailable(new TimeoutException("Expiring 1 record"));

        assertProblem(response, 503, "Service unavailable", "Kafka did not acknowledge in time; nothing was accepted, try again");
        assertThat(response.getHeaderString("Retry-After")).isEqualTo("1");
    }

    @Test
    void shouldAnswerAnEventTooLargeForKafkaWith413ForARetryWouldBeRefusedAgain() throws Exception {
        Response response = mappers.tooLargeForKafka(new RecordTooLargeException(
                "The message is 1200093 bytes when serialized which is larger than 1048576"));

        assertProblem(response, 413, "Content too large",
                "the request makes an event larger than the platform can record; nothing was accepted");
        assertThat(response.getHeaderString("Retry-After")).isNull();
        assertThat(body(response).toString()).doesNotContain("1048576");
    }

    @Test
    void shouldAnswerNoCredentialWith401AndAChallengeButAWrongRoleWith403() {
        Response unauthenticated = mappers.unauthenticated();
        Response forbidden = mappers.forbidden(new ForbiddenException());

        assertProblem(unauthenticated, 401, "Unauthorized", "a valid bearer credential is required");
        assertThat(unauthenticated.getHeaderString("WWW-Authenticate")).isEqualTo("Bearer");
        assertProblem(forbidden, 403, "Forbidden", "this credential does not have the role this action needs");
        assertThat(forbidden.getHeaderString("WWW-Authenticate")).isNull();
    }

    @Test
    void shouldAnswerEachKindOfRefusalWithItsStatusTitleAndOnlyItsOwnHeaders() throws Exception {
        // given every refusal a service throws, with the status, title and headers a client must see
        record Expected(ProblemException thrown, int status, String title, Map<String, String> headers) {
        }
        var expected = List.of(
                new Expected(ProblemException.notFound("no device d-1"), 404, "Not found", Map.of()),
                new Expected(ProblemException.conflict("device d-1 exists"), 409, "Conflict", Map.of()),
                new Expected(ProblemException.unprocessable("no partner acme"), 422, "Unprocessable request", Map.of()),
                new Expected(ProblemException.forbidden("another partner's"), 403, "Forbidden", Map.of()),
                new Expected(ProblemException.unauthorized("expired"), 401, "Unauthorized",
                        Map.of("WWW-Authenticate", "Bearer")),
                new Expected(ProblemException.tooManyRequests("slow down", Duration.ofSeconds(90)), 429,
                        "Too many requests", Map.of("Retry-After", "90")),
                new Expected(ProblemException.unavailable("Kafka did not confirm"), 503, "Service unavailable", Map.of()));

        for (Expected each : expected) {
            // when it is answered
            Response response = mappers.problem(each.thrown());

            // then the client sees its status, problem+json, its title and detail, and no other headers
            assertProblem(response, each.status(), each.title(), each.thrown().getMessage());
            assertThat(body(response)).containsEntry("status", each.status()).containsEntry("title", each.title());
            Map<String, String> headers = new HashMap<>();
            response.getStringHeaders().forEach((name, values) -> headers.put(name, String.join(",", values)));
            headers.remove("Content-Type");
            assertThat(headers).as(each.title()).isEqualTo(each.headers());
        }
    }

    @Test
    void shouldAnswerAnInvalidRequestItRefusedItselfWith400NamingEachField() throws Exception {
        // given a service refusing two fields as Bean Validation would
        var refused = ProblemException.invalid(List.of(new Problem.FieldError("batteryPct", "must be at most 100"),
                new Problem.FieldError("network", "must not be blank")));

        // when it is answered
        Map<String, Object> wire = body(mappers.problem(refused));

        // then it is a 400 listing both, with a detail naming both
        assertThat(wire).containsEntry("status", 400).containsEntry("title", "Invalid request")
                .containsEntry("detail", "batteryPct must be at most 100; network must not be blank")
                .containsEntry("errors", List.of(Map.of("field", "batteryPct", "message", "must be at most 100"),
                        Map.of("field", "network", "message", "must not be blank")));
    }

    @Test
    void shouldNotLeakTheCauseOrAStackTraceOfAServerError() throws Exception {
        // given a request that failed inside the service, the cause naming internals
        var failed = new WebApplicationException(new IllegalStateException("jdbc:postgresql://db:5432 password=hunter2"), 500);

        // when it is answered
        Response response = mappers.http(failed);

        // then the client learns it was a 500, and nothing of the cause
        String wire = Json.MAPPER.writeValueAsString(response.getEntity());
        assertThat(body(response)).containsOnlyKeys("type", "title", "status", "detail")
                .containsEntry("status", 500).containsEntry("detail", "HTTP 500 Internal Server Error");
        assertThat(wire).doesNotContain("hunter2", "IllegalStateException", "\tat ", "io.nhp");
    }

    @Test
    void shouldKeepTheDetailOfAHugeUnreadableBodyShort() throws Exception {
        // given bodies that each put 100,000 characters where a client's mistake would be shown back
        String huge = "a".repeat(100_000);
        List<String> bodies = List.of(
                "{\"batteryPct\":" + huge + "}",                    // an unquoted token
                "{\"batteryPct\":1" + "0".repeat(100_000) + "}",   // a number
                "{\"" + huge + "\":1}",                             // a field name
                "{\"network\":\"" + huge);                          // text never closed

        for (String json : bodies) {
            // when each is refused
            var refused = catchThrowableOfType(JsonProcessingException.class, () -> STRICT.readValue(json, Beat.class));
            Response response = mappers.unreadable(refused);

            // then the client gets a 400 problem whose whole body stays small, with no stack trace
            assertThat(response.getStatus()).isEqualTo(400);
            assertThat(response.getMediaType().toString()).isEqualTo(Problem.MEDIA_TYPE);
            String wire = Json.MAPPER.writeValueAsString(response.getEntity());
            assertThat(wire.length()).as(wire).isLessThan(1_000);
            assertThat(problem(response).detail()).isNotBlank().doesNotContain("\tat ", "[Source:");
        }
    }

    @Test
    void shouldAnswerABodyAnEventRefusesWithTheEventsOwnReason() {
        // given a body an event's constructor refuses: no event id
        var refused = catchThrowableOfType(JsonProcessingException.class,
                () -> STRICT.readValue("{}", DeadLetterEvent.class));

        // when it is answered
        Response response = mappers.unreadable(refused);

        // then the reason is the event's, not Jackson's
        assertThat(response.getStatus()).isEqualTo(400);
        assertThat(problem(response).detail()).isEqualTo("missing required field 'eventId'");
    }

    /** What a client gets for a body the strict reading rule refuses. */
    private Response refusedBody(String json) {
        return refused(json, Beat.class);
    }

    private Response refused(String json, Class<?> type) {
        return mappers.mismatched(catchThrowableOfType(MismatchedInputException.class,
                () -> STRICT.readValue(json, type)));
    }

    private static void assertFieldError(Response response, String field, String message) {
        assertThat(response.getStatus()).isEqualTo(400);
        assertThat(response.getMediaType().toString()).isEqualTo(Problem.MEDIA_TYPE);
        assertThat(problem(response).errors()).singleElement().satisfies(error -> {
            assertThat(error.field()).isEqualTo(field);
            assertThat(error.message()).contains(message);
        });
    }

    private static void assertProblem(Response response, int status, String title, String detail) {
        assertThat(response.getStatus()).isEqualTo(status);
        assertThat(response.getMediaType().toString()).isEqualTo(Problem.MEDIA_TYPE);
        assertThat(problem(response)).isEqualTo(new Problem(Problem.BLANK, title, status, detail, null,
                problem(response).errors()));
    }

    private static Problem problem(Response response) {
        return (Problem) response.getEntity();
    }

    /** The body as a client reads it off the wire. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> body(Response response) throws Exception {
        return Json.MAPPER.readValue(Json.MAPPER.writeValueAsBytes(response.getEntity()), Map.class);
    }

    private static ObjectMapper strict() {
        ObjectMapper mapper = new ObjectMapper();
        new StrictJson() { }.customize(mapper);
        return mapper;
    }
}
