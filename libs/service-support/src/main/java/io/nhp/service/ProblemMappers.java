package io.nhp.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Turns every refused request into an RFC 9457 {@code application/problem+json} answer. */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response problem(ProblemException e) {
        Response.ResponseBuilder response = Response.status(e.status()).type(Problem.MEDIA_TYPE)
                .entity(new Problem(Problem.BLANK, e.title(), e.status(), e.getMessage(), null, e.errors()));
        e.headers().forEach(response::header);
        return response.build();
    }

    /**
     * No or an unknown credential. Reaches this mapper only with {@code quarkus.http.auth.proactive=false}, which
     * every service that authenticates sets, so that refusals are problem+json like every other refusal.
     */
    @ServerExceptionMapper({UnauthorizedException.class, AuthenticationFailedException.class})
    public Response unauthenticated() {
        return Response.fromResponse(respond(Problem.of(401, "Unauthorized", "a valid bearer credential is required")))
                .header("WWW-Authenticate", "Bearer").build();
    }

    /** A valid credential without the role the endpoint needs. */
    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e) {
        return respond(Problem.of(403, "Forbidden", "this credential does not have the role this action needs"));
    }

    /**
     * Kafka did not acknowledge in time (brokers down, no in-sync replicas): nothing was accepted, and the client
     * may retry — a 503, never a 500.
     */
    @ServerExceptionMapper
    public Response kafkaUnavailable(KafkaException e) {
        LOG.warnf("Kafka did not acknowledge: %s", e.getMessage());
        return Response.fromResponse(respond(Problem.of(503, "Service unavailable",
                "Kafka did not acknowledge in time; nothing was accepted, try again"))).header("Retry-After", "1").build();
    }

    /**
     * Kafka refused the event as larger than it takes ({@code max.request.size}, {@code message.max.bytes}): 413,
     * not the 503 of {@link #kafkaUnavailable}, since the same request would be refused again however long the
     * client waits. A client should not be able to get here, since every body is limited ({@code BodyLimits}) to far
     * less than Kafka takes; if one does, a path's body limit is above what its event can carry, which is logged as
     * an error for the operators.
     */
    @ServerExceptionMapper
    public Response tooLargeForKafka(RecordTooLargeException e) {
        LOG.errorf("Kafka refused an event as too large; the request's body limit is above what Kafka takes: %s",
                e.getMessage());
        return respond(Problem.of(413, "Content too large",
                "the request makes an event larger than the platform can record; nothing was accepted"));
    }

    @ServerExceptionMapper
    public Response invalid(ConstraintViolationException e) {
        List<Problem.FieldError> errors = e.getConstraintViolations().stream()
                .map(v -> new Problem.FieldError(fieldOf(v), v.getMessage()))
                .sorted(Comparator.comparing(Problem.FieldError::field))
                .toList();
        String detail = errors.stream().map(f -> f.field() + " " + f.message()).collect(Collectors.joining("; "));
        return respond(new Problem(Problem.BLANK, "Invalid request", 400, detail, null, errors));
    }

    /** Wrong type or unknown enum value; more specific than Quarkus' own JSON mapper, so this one answers. */
    @ServerExceptionMapper
    public Response mismatched(MismatchedInputException e) {
        return unreadable(e);
    }

    @ServerExceptionMapper
    public Response unreadable(JsonProcessingException e) {
        String field = e instanceof JsonMappingException m ? pathOf(m) : "";
        String why = reasonOf(e);
        List<Problem.FieldError> errors = field.isEmpty() ? List.of() : List.of(new Problem.FieldError(field, why));
        return respond(new Problem(Problem.BLANK, "Malformed request body", 400,
                field.isEmpty() ? why : field + ": " + why, null, errors));
    }

    @ServerExceptionMapper
    public Response http(WebApplicationException e) {
        Response original = e.getResponse();
        if (e.getCause() instanceof JsonProcessingException json) {
            return unreadable(json);
        }
        int status = original.getStatus();
        if (status < 400) {
            return original; // a redirect, such as a 303 to the instance that holds a key
        }
        if (status >= 500) {
            LOG.error("Request failed", e);
        }
        return respond(Problem.of(status, original.getStatusInfo().getReasonPhrase(), e.getMessage()));
    }

    private static Response respond(Problem problem) {
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem).build();
    }

    /** {@code heartbeat.request.batteryPct} → {@code batteryPct}: the field as the client named it. */
    private static String fieldOf(ConstraintViolation<?> violation) {
        List<String> names = new ArrayList<>();
        for (Path.Node node : violation.getPropertyPath()) {
            if (node.getKind() != ElementKind.METHOD && node.getKind() != ElementKind.PARAMETER && node.getName() != null) {
                names.add(node.getName());
            }
        }
        return names.isEmpty() ? "body" : String.join(".", names);
    }

    /**
     * Java names in Jackson's messages ({@code `java.util.ArrayList<io.nhp.jobs.api.JobRequest>`}) by their simple
     * name, backticks dropped.
     */
    private static final Pattern QUALIFIED = Pattern.compile("\\b(?:[a-z_$][\\w$]*\\.)+([A-Z][\\w$]*)");

    /**
     * Why Jackson refused a body, in the client's terms: an enum's accepted values, and no package or class path of
     * ours (a problem detail is no place to show the code's layout).
     */
    public static String reasonOf(JsonProcessingException e) {
        if (e instanceof InvalidFormatException format && format.getTargetType() != null
                && format.getTargetType().isEnum()) {
            return "must be one of " + Arrays.stream(format.getTargetType().getEnumConstants())
                    .map(String::valueOf).collect(Collectors.joining(", ")) + ", not " + format.getValue();
        }
        String why = e instanceof ValueInstantiationException && e.getCause() != null
                ? e.getCause().getMessage()
                : e.getOriginalMessage();
        return why == null ? "cannot be read" : QUALIFIED.matcher(why).replaceAll("$1").replace("`", "");
    }

    private static String pathOf(JsonMappingException e) {
        return e.getPath().stream()
                .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining("."));
    }
}
