package io.nhp.jobs.api;

import io.nhp.jobs.broker.JobBroker;
import io.nhp.jobs.domain.Job;
import io.nhp.jobs.domain.JobBook;
import io.nhp.jobs.security.DeviceCredentials;
import io.nhp.jobs.security.PartnerTokens;
import io.nhp.service.Problem;
import io.nhp.service.ProblemException;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Validator;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Where phones take work and hand results back (device credential from device-registry, of the device's current
 * credential version).
 */
@Path("/api/v1")
@Tag(name = "Devices")
@RolesAllowed(PartnerTokens.DEVICE_ROLE)
public class DeviceJobResource {

    private final JobBroker broker;
    private final DeviceCredentials credentials;
    private final JsonWebToken jwt;
    private final Validator validator;

    DeviceJobResource(JobBroker broker, DeviceCredentials credentials, JsonWebToken jwt, Validator validator) {
        this.broker = broker;
        this.credentials = credentials;
        this.jwt = jwt;
        this.validator = validator;
    }

    /** A device's answer to its result post. */
    public record ResultAccepted(String leaseId, String jobId, String jobState) {
    }

    @GET
    @Path("/devices/{deviceId}/jobs/next")
    @Operation(summary = "Take the next job", description = "A lease (200) for work that fits this device while it "
            + "is eligible, waiting up to waitSeconds for some; 204 when none came. One poll per device: a newer poll "
            + "of the device answers an earlier one still waiting with 204 at once. 503 with Retry-After when the "
            + "broker holds as many long polls as it takes. taskType (repeatable, e.g. ?taskType=embeddings) names "
            + "the task types the device runs: only those are leased, and a waiting poll is woken only for them "
            + "(all task types when absent); a task type the reference data does not know is refused with 400.")
    public Uni<Response> next(@PathParam("deviceId") String deviceId,
                              @QueryParam("waitSeconds") @DefaultValue("0") @Min(0) @Max(30) int waitSeconds,
                              @Parameter(description = "A task type the device runs (repeatable); all when absent")
                              @QueryParam("taskType") List<String> taskTypes) {
        String partner = credentials.check(jwt, deviceId);
        Set<String> runs = knownTaskTypes(taskTypes);
        return untilHungUp(broker.next(deviceId, partner, Duration.ofSeconds(waitSeconds), runs))
                .map(lease -> lease.map(l -> Response.ok(l).build())
                        .orElseGet(() -> Response.noContent().build()));
    }

    @POST
    @Path("/leases/{leaseId}/result")
    @Operation(summary = "Hand in a result", description = "200 once recorded (the same post again gets the same "
            + "answer and counts once); 403 for another device's lease; 409 after the lease expired (recorded, "
            + "not paid); 400 when a success of a task type with an output (embeddings) does not carry it as 384 finite "
            + "float32 whose SHA-256 is outputHash (nothing recorded). deviceSeconds is the device's claim, kept for audit: the seconds paid are measured by the "
            + "broker, from the lease to this post, at most what the task takes on this device.")
    public Uni<ResultAccepted> result(@PathParam("leaseId") String leaseId, @NotNull ResultRequest result) {
        Bodies.valid(validator, result, result.plainlyValid());
        String deviceId = jwt.getSubject();
        credentials.check(jwt, null);
        broker.requireHere(leaseId); // a lease is served where its job is
        byte[] output = result.outputBytes();
        if (result.output() != null && output == null) {
            throw ProblemException.invalid(List.of(new Problem.FieldError("output", "must be standard base64")));
        }
        Instant now = Instant.now(); // the result is received: what the paid seconds are measured to
        return Uni.createFrom().completionStage(broker.callFor(leaseId, book -> book.report(leaseId, deviceId, result.outcome(),
                        result.outputHash(), output, result.deviceSeconds(), now)))
                .map(answer -> answer(leaseId, answer));
    }

    @POST
    @Path("/exchange")
    @Operation(summary = "Hand in results and take leases in one round trip", description = "The device's results "
            + "(up to 64, each with its leaseId, answered in order as POST /leases/{leaseId}/result would be: status "
            + "200 recorded, 400, 403, 404 or 409 with a detail) and up to `want` new leases (at most the device's "
            + "lease limit, nhp.jobs.max-leases-per-device, in all), waiting up to waitSeconds for one when none "
            + "fits now (0: answer at once). Answered once all of it is in Kafka. One waiting poll or exchange per "
            + "device: a newer one answers an earlier one still waiting with no lease at once. 503 with Retry-After "
            + "when the broker holds as many long polls as it takes.")
    public Uni<ExchangeResponse> exchange(@NotNull ExchangeRequest request) {
        Bodies.valid(validator, request, request.plainlyValid());
        String deviceId = jwt.getSubject();
        String partner = credentials.check(jwt, null);
        Set<String> runs = knownTaskTypes(request.taskTypes());
        Instant now = Instant.now(); // the results are received: what their paid seconds are measured to
        List<JobBroker.Report> reports = new java.util.ArrayList<>();
        // a result of a job another instance serves (its partition moved) is answered with where to hand it in
        Map<Integer, ExchangeResponse.Outcome> movedAway = new HashMap<>();
        for (int i = 0; i < request.resultsOrNone().size(); i++) {
            ExchangeRequest.Result item = request.resultsOrNone().get(i);
            var owner = broker.elsewhere(item.leaseId());
            if (owner.isPresent()) {
                URI post = UriBuilder.fromUri(owner.get()).path("/api/v1/leases/{leaseId}/result").build(item.leaseId());
                movedAway.put(i, new ExchangeResponse.Outcome(item.leaseId(), 307, null, null, post
                        + ": the lease is served by another instance now; post the result there"));
                continue;
            }
            ResultRequest result = item.result();
            byte[] output = result.outputBytes();
            if (result.output() != null && output == null) {
                throw ProblemException.invalid(List.of(new Problem.FieldError("results[" + i + "].result.output",
                        "must be standard base64")));
            }
            reports.add(new JobBroker.Report(item.leaseId(), result.outcome(), result.outputHash(), output,
                    result.deviceSeconds(), now));
        }
        return untilHungUp(broker.exchange(deviceId, partner, reports, request.want(),
                        Duration.ofSeconds(request.waitOrNone()), runs))
                .map(exchanged -> {
                    List<ExchangeResponse.Outcome> outcomes = new java.util.ArrayList<>(reports.size());
                    var answered = exchanged.results().iterator();
                    var reported = reports.iterator();
                    for (int i = 0; i < request.resultsOrNone().size(); i++) {
                        ExchangeResponse.Outcome moved = movedAway.get(i);
                        outcomes.add(moved != null ? moved : outcome(reported.next().leaseId(), answered.next()));
                    }
                    return new ExchangeResponse(outcomes, exchanged.leases());
                });
    }

    /**
     * The broker's answer, given up when the device hangs up first (Quarkus REST cancels the request's Uni when its
     * connection closes): a waiting poll it cancels is leased nothing, where a lease handed to a closed connection
     * would be held by no one until it expired.
     */
    private static <T> Uni<T> untilHungUp(CompletionStage<T> answer) {
        return Uni.createFrom().completionStage(answer)
                .onCancellation().invoke(() -> answer.toCompletableFuture().cancel(false));
    }

    /** The task types a device declares it runs, each one the reference data knows; empty for every task type. */
    private Set<String> knownTaskTypes(List<String> taskTypes) {
        Set<String> known = new LinkedHashSet<>();
        for (String key : taskTypes == null ? List.<String>of() : taskTypes) {
            if (broker.taskType(key).isEmpty()) {
                throw ProblemException.invalid(List.of(new Problem.FieldError("taskType",
                        "'" + key + "' is not a task type of the reference data")));
            }
            known.add(key);
        }
        return known;
    }

    /** A result post's answer: 200 with the job's state, or the problem (the same outcomes as an exchange's). */
    private static ResultAccepted answer(String leaseId, JobBook.Answer answer) {
        ExchangeResponse.Outcome outcome = outcome(leaseId, answer);
        return switch (outcome.status()) {
            case 200 -> new ResultAccepted(leaseId, outcome.jobId(), outcome.jobState());
            case 409 -> throw ProblemException.conflict(outcome.detail());
            case 400 -> {
                var invalid = (JobBook.Answer.InvalidOutput) answer;
                throw ProblemException.invalid(List.of(new Problem.FieldError(invalid.field(), invalid.message())));
            }
            case 403 -> throw ProblemException.forbidden(outcome.detail());
            default -> throw ProblemException.notFound(outcome.detail());
        };
    }

    /** What the book said of a result, as a status and a detail. */
    private static ExchangeResponse.Outcome outcome(String leaseId, JobBook.Answer answer) {
        if (answer instanceof JobBook.Answer.Accepted accepted) {
            Job job = accepted.job();
            return new ExchangeResponse.Outcome(leaseId, 200, job.id(), job.state().name(), null);
        }
        if (answer instanceof JobBook.Answer.TooLate late) {
            return new ExchangeResponse.Outcome(leaseId, 409, late.job().id(), null, "lease " + leaseId + " of job "
                    + late.job().id() + " had ended (it expired, or the job was served by the cloud); the result is "
                    + "recorded but not counted or paid");
        }
        if (answer instanceof JobBook.Answer.InvalidOutput invalid) {
            return new ExchangeResponse.Outcome(leaseId, 400, null, null, invalid.field() + " " + invalid.message());
        }
        if (answer instanceof JobBook.Answer.NotYours) {
            return new ExchangeResponse.Outcome(leaseId, 403, null, null, "lease " + leaseId
                    + " belongs to another device");
        }
        return new ExchangeResponse.Outcome(leaseId, 404, null, null, "no lease '" + leaseId + "'");
    }
}
