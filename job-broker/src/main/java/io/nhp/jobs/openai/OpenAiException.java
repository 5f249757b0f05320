package io.nhp.jobs.openai;

/** A refusal on {@code /v1/*}, answered in OpenAI's error shape ({@link OpenAiError}). */
public final class OpenAiException extends RuntimeException {

    private final int status;
    private final String param;
    private final String code;

    OpenAiException(int status, String message, String param, String code) {
        super(message);
        this.status = status;
        this.param = param;
        this.code = code;
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
