package io.nhp.jobs.openai;

import java.time.Duration;

/** A refusal on {@code /v1/*}, answered in OpenAI's error shape ({@link OpenAiError}). */
public final class OpenAiException extends RuntimeException {

    private final int status;
    private final String param;
    private final String code;
    /** When the client may try again (a Retry-After header), or null. */
    private final Duration retryAfter;

    OpenAiException(int status, String message, String param, String code) {
        this(status, message, param, code, null);
    }

    OpenAiException(int status, String message, String param, String code, Duration retryAfter) {
        super(message);
        this.status = status;
        this.param = param;
        this.code = code;
        this.retryAfter = retryAfter;
    }

    Duration retryAfter() {
        return retryAfter;
    }

    static OpenAiException invalid(String param, String message) {
        return new OpenAiException(400, message, param, null);
    }

    int status() {
        return status;
    }

    OpenAiError body() {
        return OpenAiError.of(status, getMessage(), param, code);
    }
}
