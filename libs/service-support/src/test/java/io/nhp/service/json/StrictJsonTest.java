package io.nhp.service.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import jakarta.validation.constraints.DecimalMin;
import java.math.BigDecimal;
import java.util.List;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The shared reading rule of the write APIs ({@link StrictJson}), on the mapper alone: which numbers pass, and that
 * whatever text comes in is either read or refused as malformed JSON (a 400), never anything else.
 */
class StrictJsonTest {

    /** Shaped like job-broker's result of a lease. */
    record ResultRequest(Status status, String outputHash, Double deviceSeconds) {
        enum Status { SUCCEEDED, FAILED }
    }

    /** Shaped like job-broker's job. */
    record JobRequest(String taskType, String inputRef, String inputHash, Integer deadlineSeconds, Integer redundancy,
                      Integer priority) {
    }

    /** Shaped like job-broker's batch of jobs. */
    record JobBatchRequest(List<JobRequest> jobs) {
    }

    /** A field that legitimately goes below zero, as a heartbeat's battery temperature does. */
    record Temperature(@DecimalMin("-20.0") Double batteryTempC, Integer batteryPct) {
    }

    /** Shaped like part of a heartbeat: a yes/no, an enum, a time. */
    record State(Boolean charging, ResultRequest.Status status, java.time.Instant at) {
    }

    final ObjectMapper mapper = strict();

    static ObjectMapper strict() {
        var mapper = new ObjectMapper();
        new StrictJson() { }.customize(mapper);
        return mapper;
    }

    @Property(tries = 500)
    void shouldReadAClaimedDurationOnlyIfItIsAFiniteNumberFromZeroToABillion(@ForAll("numbers") String number) {
        // given a result whose deviceSeconds is written as this number
        String body = "{\"status\":\"SUCCEEDED\",\"outputHash\":\"h\",\"deviceSeconds\":" + number + "}";
        BigDecimal exact = new BigDecimal(number);
        boolean allowed = exact.signum() >= 0 && exact.compareTo(StrictJson.MAX_NUMBER) <= 0;

        // when it is read
        Throwable refused = catchThrowable(() -> mapper.readValue(body, ResultRequest.class));

        // then it is read as that number, or refused naming the field
        if (allowed) {
            assertThat(refused).isNull();
        } else {
            assertThat(refused).isInstanceOf(MismatchedInputException.class);
            assertThat(path((JsonMappingException) refused)).isEqualTo("deviceSeconds");
        }
    }

    @Property(tries = 300)
    void shouldTakeOnlyWholeNumbersForCounts(@ForAll("numbers") String number) {
        String body = "{\"taskType\":\"test_echo\",\"inputRef\":\"r\",\"inputHash\":\"h\",\"redundancy\":" + number + "}";
        BigDecimal exact = new BigDecimal(number);
        boolean allowed = number.matches("-?\\d+") && exact.signum() >= 0 && exact.compareTo(StrictJson.MAX_NUMBER) <= 0;

        Throwable refused = catchThrowable(() -> mapper.readValue(body, JobRequest.class));

        if (allowed) {
            assertThat(refused).isNull();
        } else {
            assertThat(refused).isInstanceOf(MismatchedInputException.class);
            assertThat(path((JsonMappingException) refused)).isEqualTo("redundancy");
        }
    }

    @Property(tries = 1000)
    void shouldReadOrRefuseAsMalformedWhateverTextComesIn(@ForAll("bodies") String body) {
        Throwable outcome = catchThrowable(() -> mapper.readValue(body, JobBatchRequest.class));

        assertThat(outcome).as(body).satisfiesAnyOf(
                t -> assertThat(t).isNull(),
                t -> assertThat(t).isInstanceOf(JsonProcessingException.class));
    }

    @Property(tries = 1000)
    void shouldReadOrRefuseAsMalformedWhateverResultComesIn(@ForAll("results") String body) {
        Throwable outcome = catchThrowable(() -> mapper.readValue(body, ResultRequest.class));

        assertThat(outcome).as(body).satisfiesAnyOf(
                t -> assertThat(t).isNull(),
                t -> assertThat(t).isInstanceOf(JsonProcessingException.class));
    }

    @Example
    void shouldTakeANegativeNumberOnlyWhereTheFieldDeclaresItsOwnLowerBound() throws Exception {
        // given a temperature field bounded at -20 and a percentage without a bound of its own
        // when a cold phone reports -12.5 degrees
        Temperature cold = mapper.readValue("{\"batteryTempC\":-12.5,\"batteryPct\":3}", Temperature.class);

        // then it is read, while below the field's bound and a negative percentage are refused
        assertThat(cold.batteryTempC()).isEqualTo(-12.5);
        assertThatThrownBy(() -> mapper.readValue("{\"batteryTempC\":-20.5}", Temperature.class))
                .isInstanceOf(MismatchedInputException.class).hasMessageContaining("from -20.0 to 1,000,000,000");
        assertThatThrownBy(() -> mapper.readValue("{\"batteryTempC\":-1e400}", Temperature.class))
                .isInstanceOf(MismatchedInputException.class);
        assertThatThrownBy(() -> mapper.readValue("{\"batteryPct\":-1}", Temperature.class))
                .isInstanceOf(MismatchedInputException.class).hasMessageContaining("from 0 to");
    }

    @Example
    void shouldReadFreeFormBodiesExactlyButRefuseKeysGivenTwiceAndTrailingText() throws Exception {
        // given free-form bodies as pricing-service reads them
        // when / then: decimals keep their written scale, a repeated key or trailing text is malformed
        assertThat(StrictJson.readTree("{\"price\":98.320}").get("price").decimalValue()).isEqualByComparingTo("98.320")
                .hasToString("98.320");
        assertThatThrownBy(() -> StrictJson.readTree("{\"price\":1,\"price\":2}"))
                .isInstanceOf(JsonProcessingException.class).hasMessageContaining("Duplicate field");
        assertThatThrownBy(() -> StrictJson.readTree("{\"price\":1} {}")).isInstanceOf(JsonProcessingException.class);
    }

    @Example
    void shouldTakeYesNoEnumsAndTimesOnlyInTheirOwnJsonForm() throws Exception {
        // given a yes/no, an enum and a time written as JSON writes them
        State state = mapper.readValue("{\"charging\":true,\"status\":\"FAILED\",\"at\":\"2026-12-03T10:15:30Z\"}",
                State.class);

        // then they are read; written as text, numbers or empty text they are refused
        assertThat(state.at()).isEqualTo(java.time.Instant.parse("2026-12-03T10:15:30Z"));
        for (String refused : List.of("{\"charging\":\"true\"}", "{\"charging\":1}", "{\"charging\":\"\"}",
                "{\"status\":\"\"}", "{\"at\":1e400}", "{\"at\":1733220930}", "{\"at\":\"yesterday\"}")) {
            assertThatThrownBy(() -> mapper.readValue(refused, State.class)).as(refused)
                    .isInstanceOf(MismatchedInputException.class);
        }
    }

    @Example
    void shouldRefuseInfinityFromAnOverflowingExponent() {
        assertThatThrownBy(() -> mapper.readValue("{\"status\":\"SUCCEEDED\",\"deviceSeconds\":1e400}", ResultRequest.class))
                .isInstanceOf(MismatchedInputException.class)
                .hasMessageContaining("1e400 is not a finite number from 0 to 1,000,000,000");
    }

    @Example
    void shouldNameAMisspeltFieldAndTheFieldsTheRequestHas() {
        Throwable refused = catchThrowable(() -> mapper.readValue(
                "{\"taskType\":\"t\",\"inputRef\":\"r\",\"inputHash\":\"h\",\"redundency\":2}", JobRequest.class));

        assertThat(refused).isInstanceOf(MismatchedInputException.class)
                .hasMessageContaining("is not a field of this request").hasMessageContaining("redundancy");
        assertThat(path((JsonMappingException) refused)).isEqualTo("redundency");
    }

    @Example
    void shouldRefuseANullJobInABatchNamingItsPlace() {
        Throwable refused = catchThrowable(() -> mapper.readValue("{\"jobs\":[null]}", JobBatchRequest.class));

        assertThat(refused).isInstanceOf(MismatchedInputException.class);
        assertThat(path((JsonMappingException) refused)).isEqualTo("jobs.[0]");
    }

    @Example
    void shouldRefuseNumbersWrittenAsTextAndKeysGivenTwice() {
        assertThatThrownBy(() -> mapper.readValue("{\"status\":\"FAILED\",\"deviceSeconds\":\"29.4\"}", ResultRequest.class))
                .isInstanceOf(MismatchedInputException.class).hasMessageContaining("must be a JSON number, not text");
        assertThatThrownBy(() -> mapper.readValue("{\"status\":\"FAILED\",\"deviceSeconds\":1,\"deviceSeconds\":1e9}",
                ResultRequest.class)).isInstanceOf(JsonProcessingException.class).hasMessageContaining("Duplicate field");
    }

    /** Numbers as JSON writes them: integers of any length, decimals, exponents up to ±999, either sign. */
    @Provide
    Arbitrary<String> numbers() {
        Arbitrary<String> digits = Arbitraries.strings().numeric().ofMinLength(1).ofMaxLength(25)
                .map(d -> d.replaceFirst("^0+(?=\\d)", ""));
        Arbitrary<String> fraction = Arbitraries.strings().numeric().ofMinLength(1).ofMaxLength(6).injectNull(0.5)
                .map(f -> f == null ? "" : "." + f);
        Arbitrary<String> exponent = Arbitraries.integers().between(-999, 999).injectNull(0.6)
                .map(e -> e == null ? "" : "e" + e);
        Arbitrary<String> sign = Arbitraries.of("", "", "-");
        Arbitrary<String> generated = net.jqwik.api.Combinators.combine(sign, digits, fraction, exponent)
                .as((s, d, f, e) -> s + d + f + e);
        return Arbitraries.oneOf(generated, Arbitraries.of("0", "-0", "1e9", "1000000000", "1000000000.0001",
                "1e400", "-1e400", "1e-400", "4.9e-324", "1.7976931348623157e308", "999999999.999999"));
    }

    /** Text that looks like a batch of jobs, mangled: cut short, a value swapped for another JSON value, or noise. */
    @Provide
    Arbitrary<String> bodies() {
        String job = "{\"taskType\":\"test_echo\",\"inputRef\":\"r\",\"inputHash\":\"h\",\"redundancy\":1}";
        return mangled("{\"jobs\":[" + job + "," + job + "]}");
    }

    /** Text that looks like a result, mangled likewise. */
    @Provide
    Arbitrary<String> results() {
        return mangled("{\"status\":\"SUCCEEDED\",\"outputHash\":\"h\",\"deviceSeconds\":29.4}");
    }

    /** A valid body cut short, with one of its characters replaced, with something appended, or noise. */
    private static Arbitrary<String> mangled(String valid) {
        Arbitrary<Integer> at = Arbitraries.integers().between(0, valid.length() - 1);
        Arbitrary<String> piece = Arbitraries.of("null", "[]", "{}", "-1", "1e400", "\"x\"", ",", ":", "\"", "[null]",
                "true", "2.5", "");
        return Arbitraries.oneOf(
                at.map(i -> valid.substring(0, i)),
                net.jqwik.api.Combinators.combine(at, piece).as((i, p) -> valid.substring(0, i) + p + valid.substring(i + 1)),
                piece.map(valid::concat),
                Arbitraries.strings().ofMaxLength(40));
    }

    private static String path(JsonMappingException e) {
        return e.getPath().stream().map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining("."));
    }
}
