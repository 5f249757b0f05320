package io.nhp.jobs.openai;

import io.nhp.service.Problem;

/**
 * The error body of OpenAI's API, {@code {error: {message, type, param, code}}}: what every refusal on {@code /v1/*}
 * answers, since clients of that ecosystem read this shape (elsewhere job-broker answers problem+json).
 */
public record OpenAiError(Detail error) {

    /** What went wrong: a message, OpenAI's error type, the request parameter at fault and a code (or null). */
    public record Detail(String message, String type, String param, String code) {
    }

    /** An error of this status, with OpenAI's type and usual code for it. */
    public static OpenAiError of(int status, String message, String param, String code) {
        String type = status == 429 ? "requests" : status >= 500 ? "server_error" : "invalid_request_error";
        String usual = switch (status) {
            case 401 -> "invalid_api_key";
            case 403 -> "permission_denied";
            case 404 -> "not_found";
            case 413 -> "request_too_large";
            case 429 -> "rate_limit_exceeded";
            default -> null;
        };
        return new OpenAiError(new Detail(message, type, param, code != null ? code : usual));
    }

    /** The same refusal as a problem+json would tell it. */
    public static OpenAiError of(Problem problem) {
        String param = problem.errors() == null || problem.errors().isEmpty() ? null : problem.errors().get(0).field();
        return of(problem.status(), problem.detail() != null ? problem.detail() : problem.title(), param, null);
    }
}
