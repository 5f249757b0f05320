package io.nhp.service;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Thrown by a service to answer with a problem: the request is refused and nothing was changed. */
public class ProblemException extends RuntimeException {

    private final int status;
    private final String title;
    private final List<Problem.FieldError> errors;
    private final Map<String, String> headers = new LinkedHashMap<>();

    public ProblemException(int status, String title, String detail) {
        this(status, title, detail, List.of());
    }

    private ProblemException(int status, String title, String detail, List<Problem.FieldError> errors) {
        super(detail);
        this.status = status;
        this.title = title;
        this.errors = List.copyOf(errors);
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }

    public List<Problem.FieldError> errors() {
        return errors;
    }

    /** Response headers that go with the problem (WWW-Authenticate, Retry-After). */
    public Map<String, String> headers() {
        return headers;
    }

    /** This problem, answered with one more header. */
    public ProblemException withHeader(String name, String value) {
        headers.put(name, value);
        return this;
    }

    /** 400 naming every invalid field, as a request refused by Bean Validation would be. */
    public static ProblemException invalid(List<Problem.FieldError> errors) {
        String detail = errors.stream().map(e -> e.field() + " " + e.message()).collect(Collectors.joining("; "));
        return new ProblemException(400, "Invalid request", detail, errors);
    }

    /** 409: the thing to create exists already. */
    public static ProblemException conflict(String detail) {
        return new ProblemException(409, "Conflict", detail);
    }

    /** 503: a dependency (Kafka) did not confirm in time; nothing was changed, the client may retry. */
    public static ProblemException unavailable(String detail) {
        return new ProblemException(503, "Service unavailable", detail);
    }

    /** 503 with when to come back: the service is busy; nothing was changed. */
    public static ProblemException unavailable(String detail, Duration retryAfter) {
        return unavailable(detail).withHeader("Retry-After", Long.toString(Math.max(1, retryAfter.toSeconds())));
    }

    /** 422: well-formed, but refers to something that does not exist or is not allowed. */
    public static ProblemException unprocessable(String detail) {
        return new ProblemException(422, "Unprocessable request", detail);
    }

    /** 404. */
    public static ProblemException notFound(String detail) {
        return new ProblemException(404, "Not found", detail);
    }

    /** 401: the credential is missing, unknown, expired or revoked. */
    public static ProblemException unauthorized(String detail) {
        return new ProblemException(401, "Unauthorized", detail).withHeader("WWW-Authenticate", "Bearer");
    }

    /** 413: the body is larger than this endpoint takes; {@code why} says what fits. */
    public static ProblemException tooLarge(int maxBytes, String why) {
        return new ProblemException(413, "Content too large", "the request body is over " + maxBytes / 1024
                + " KiB; " + why);
    }

    /** 429: the client sends faster than allowed; it may try again after {@code retryAfter}. */
    public static ProblemException tooManyRequests(String detail, Duration retryAfter) {
        return new ProblemException(429, "Too many requests", detail)
                .withHeader("Retry-After", Long.toString(Math.max(1, retryAfter.toSeconds())));
    }

    /** 403: authenticated, but acting for someone else. */
    public static ProblemException forbidden(String detail) {
        return new ProblemException(403, "Forbidden", detail);
    }
}
