package io.nhp.jobs.api;

import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Validator;

/**
 * Request bodies checked by hand first and by Bean Validation only when that fails, for the exact reasons: the
 * validator walked every body of the job path (paths, contexts, reachability caches per constraint) and was a sixth
 * of job-broker's allocation, most of it for bodies that are valid (bench/README, #21). Each body's
 * {@code plainlyValid()} is true only when the validator would find nothing ({@code BodiesTest} holds the two to the
 * same answer), so the answers are the same either way.
 */
final class Bodies {

    private Bodies() {
    }

    /** The body, valid; a {@link ConstraintViolationException} (400 with each field) when it is not. */
    static <T> T valid(Validator validator, T body, boolean plainlyValid) {
        if (plainlyValid) {
            return body;
        }
        var violations = validator.validate(body);
        if (!violations.isEmpty()) {
            throw new ConstraintViolationException(violations);
        }
        return body;
    }

    /** What {@code @NotBlank @Size(max)} accepts, as Hibernate Validator decides it. */
    static boolean plainText(String text, int max) {
        return text != null && text.length() <= max && !text.isBlank();
    }
}
