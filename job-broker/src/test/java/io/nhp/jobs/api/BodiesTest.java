package io.nhp.jobs.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nhp.service.validation.MessagesAsWritten;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Validator;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The hand checks of the job path's bodies say what Bean Validation says: for valid and invalid bodies alike, near
 * every bound, {@code plainlyValid()} is true exactly when the validator finds nothing.
 */
class BodiesTest {

    private final Validator validator = MessagesAsWritten.validator();
    private final Random random = new Random(21);

    @Test
    void theResultCheckAgreesWithTheValidator() {
        agree(this::result, ResultRequest::plainlyValid);
    }

    @Test
    void theExchangeCheckAgreesWithTheValidator() {
        agree(this::exchange, ExchangeRequest::plainlyValid);
    }

    @Test
    void theJobCheckAgreesWithTheValidator() {
        agree(this::job, JobRequest::plainlyValid);
    }

    @Test
    void theBatchCheckAgreesWithTheValidator() {
        agree(r -> new JobBatchRequest(r.nextInt(8) == 0 ? null : list(r, 3, this::job)), JobBatchRequest::plainlyValid);
    }

    @Test
    void shouldPassAPlainBodyAndRefuseAnotherWithTheValidatorsReasons() {
        var plain = new ResultRequest(ResultRequest.Status.SUCCEEDED, "sha256:out", 1.5);
        var withoutHash = new ResultRequest(ResultRequest.Status.SUCCEEDED, null, 1.5);

        assertThat(Bodies.valid(validator, plain, plain.plainlyValid())).isSameAs(plain);
        assertThatThrownBy(() -> Bodies.valid(validator, withoutHash, withoutHash.plainlyValid()))
                .isInstanceOf(ConstraintViolationException.class)
                .hasMessageContaining("a SUCCEEDED result needs its outputHash");
    }

    private <T> void agree(Function<Random, T> bodies, Function<T, Boolean> plainlyValid) {
        int valid = 0;
        for (int i = 0; i < 10_000; i++) {
            T body = bodies.apply(random);
            boolean validatorSaysValid = validator.validate(body).isEmpty();
            String shown = body.toString().replaceAll("(.)\\1{20,}", "$1…"); // long runs of one character cut
            assertThat(plainlyValid.apply(body)).as("%s", shown).isEqualTo(validatorSaysValid);
            valid += validatorSaysValid ? 1 : 0;
        }
        assertThat(valid).as("both kinds are drawn").isBetween(500, 9_500);
    }

    private ResultRequest result(Random r) {
        return new ResultRequest(r.nextInt(8) == 0 ? null : ResultRequest.Status.values()[r.nextInt(2)],
                oneOf(r, "sha256:out", null, "", " ", "x".repeat(256), "x".repeat(257)),
                oneOf(r, 1.5, 0.0, -0.0, -1.0, null, Double.NaN, Double.POSITIVE_INFINITY, 1e-300),
                oneOf(r, null, null, "AAAA", "x".repeat(ResultRequest.MAX_OUTPUT_BASE64),
                        "x".repeat(ResultRequest.MAX_OUTPUT_BASE64 + 1)));
    }

    private ExchangeRequest exchange(Random r) {
        return new ExchangeRequest(
                r.nextInt(4) == 0 ? null : list(r, 3, x -> x.nextInt(12) == 0 ? null
                        : new ExchangeRequest.Result(text(x, 64), x.nextInt(12) == 0 ? null : result(x))),
                oneOf(r, 1, 0, 64, 65, -1, null, 8),
                oneOf(r, null, 0, 30, 31, -1, 5),
                r.nextInt(3) == 0 ? null : list(r, 3, x -> text(x, 64)));
    }

    private JobRequest job(Random r) {
        return new JobRequest(usually(r, "inference_text", "embeddings", "a", "Inference", "ab", "a".repeat(64),
                        "a".repeat(65), "", " ", null, "inference text"),
                usually(r, null, "s3://in/1", "x".repeat(2048), "x".repeat(2049)),
                usually(r, null, "sha256:in", "x".repeat(256), "x".repeat(257)),
                usually(r, null, 60, 1, 0, -5),
                usually(r, null, 1, 3, 0, 4),
                usually(r, null, 0, 9, -1, 10),
                usually(r, null, "a phone on its charger", "x".repeat(JobRequest.MAX_INPUT_BYTES),
                        "x".repeat(JobRequest.MAX_INPUT_BYTES + 1)));
    }

    /** {@code plain} nine times in ten, else any of {@code others} (so that whole bodies are often valid). */
    @SafeVarargs
    private static <T> T usually(Random r, T plain, T... others) {
        return r.nextInt(10) != 0 ? plain : oneOf(r, others);
    }

    /** Text near the bounds of {@code @NotBlank @Size(max)}: blank in several ways, at and over the length. */
    private static String text(Random r, int max) {
        return oneOf(r, "l-1", "l-2", null, "", " ", "\t", "\u2003", "\u00a0", " a ", "a".repeat(max), "a".repeat(max + 1));
    }

    private static <T> List<T> list(Random r, int bound, Function<Random, T> item) {
        int size = r.nextInt(20) == 0 ? 70 : r.nextInt(bound + 1);
        List<T> items = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            items.add(item.apply(r));
        }
        return items;
    }

    @SafeVarargs
    private static <T> T oneOf(Random r, T... values) {
        return values[r.nextInt(values.length)];
    }
}
