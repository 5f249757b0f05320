package io.nhp.service;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.net.URI;
import java.util.List;

/**
 * An RFC 9457 problem detail, the body of every 4xx/5xx answer ({@code application/problem+json}).
 * {@code errors} lists the offending fields of a request that failed validation.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Problem(URI type, String title, int status, String detail, String instance, List<FieldError> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";
    /** RFC 9457's type for a problem that needs no more than its HTTP status to be understood. */
    public static final URI BLANK = URI.create("about:blank");

    /** One invalid field: where it is in the request and what is wrong with it. */
    public record FieldError(String field, String message) {
    }

    /** A problem without a specific type URI ({@code about:blank}), as RFC 9457 allows. */
    public static Problem of(int status, String title, String detail) {
        return new Problem(BLANK, title, status, detail, null, List.of());
    }
}
