package io.nhp.jobs.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.nhp.contracts.events.JobSubmittedEvent;
import io.nhp.contracts.events.Required;
import io.nhp.contracts.serde.Json;
import io.nhp.embeddings.Vectors;
import io.nhp.jobs.broker.JobBroker;
import io.nhp.jobs.config.BrokerConfig;
import io.nhp.jobs.domain.JobBook;
import io.nhp.jobs.domain.Outputs;
import io.nhp.jobs.domain.TaskType;
import io.nhp.jobs.security.PartnerTokens;
import io.nhp.service.Problem;
import io.nhp.service.ProblemException;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Validator;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.ResponseStatus;

/** Where partners submit AI jobs and follow them. A partner sees only its own jobs. */
@Path("/api/v1")
@Tag(name = "Jobs")
@RolesAllowed(PartnerTokens.PARTNER_ROLE)
public class JobResource {

    private final JobBroker broker;
    private final BrokerConfig config;
    private final SecurityIdentity identity;
    private final Validator validator;

    JobResource(JobBroker broker, BrokerConfig config, SecurityIdentity identity, Validator validator) {
        this.broker = broker;
        this.config = config;
        this.identity = identity;
        this.validator = validator;
    }

    /** Answer to a submission: the job's id. */
    public record Accepted(String jobId) {
    }

    /** Answer to a batch: the jobs' ids, in the order given. */
    public record BatchAccepted(List<String> jobIds) {
    }

    @POST
    @Path("/jobs")
    @ResponseStatus(202)
    @Operation(summary = "Submit a job", description = "Accepted (202) once Kafka has it. With an Idempotency-Key, "
            + "a retried submission (same body) answers the same job and queues nothing; the key with a different "
            + "body is refused (422). Beyond the partner's quota of unfinished jobs: 429 with Retry-After, nothing "
            + "queued.")
    public Uni<Accepted> submit(@NotNull JobRequest request,
                                @HeaderParam("Idempotency-Key") @Size(max = 128) String idempotencyKey) {
        Bodies.valid(validator, request, request.plainlyValid());
        String placement = placement(idempotencyKey);
        var job = submitted(request, idempotencyKey, "", requestHash(List.of(request)), placement);
        return Uni.createFrom().completionStage(broker.submit(List.of(job)))
                .map(ids -> new Accepted(ids.get(0)));
    }

    @POST
    @Path("/jobs:batch")
    @ResponseStatus(202)
    @Operation(summary = "Submit up to 1,000 jobs", description = "All are queued, or none (the first invalid job "
            + "is named). An Idempotency-Key applies to the batch: a retry (same body) answers the same jobs; the key "
            + "with a different body is refused (422). A batch that would take the partner beyond its quota of "
            + "unfinished jobs is refused whole: 429 with Retry-After.")
    public Uni<BatchAccepted> submitBatch(@NotNull JobBatchRequest batch,
                                          @HeaderParam("Idempotency-Key") @Size(max = 120) String idempotencyKey) {
        Bodies.valid(validator, batch, batch.plainlyValid());
        String requestHash = requestHash(batch.jobs()); // the whole batch's, kept with each job's key
        String placement = placement(idempotencyKey);
        List<JobBroker.Submission> jobs = new ArrayList<>(batch.jobs().size());
        for (int i = 0; i < batch.jobs().size(); i++) {
            jobs.add(submitted(batch.jobs().get(i), idempotencyKey == null ? null : idempotencyKey + "#" + i,
                    "jobs[" + i + "].", requestHash, placement));
        }
        return Uni.createFrom().completionStage(broker.submit(jobs)).map(BatchAccepted::new);
    }

    @GET
    @Path("/jobs/{jobId}")
    @Operation(summary = "A job's state", description = "QUEUED, LEASED, COMPLETED, FAILED or EXPIRED, with its "
            + "attempts and, once completed, the agreed result hash.")
    public Uni<JobView> job(@PathParam("jobId") String jobId) {
        String partner = partner();
        broker.requireHere(jobId);
        return Uni.createFrom().completionStage(broker.callFor(jobId, book -> book.job(jobId)
                        .filter(job -> job.partner().equals(partner)).map(JobView::of)))
                .map(view -> view.orElseThrow(() -> ProblemException.notFound("no job '" + jobId + "' of " + partner)));
    }

    @GET
    @Path("/partners/{partner}/queue")
    @Operation(summary = "A partner's queue", description = "Jobs waiting for a device, by task type, and the "
            + "oldest one's age.")
    public Uni<Map<String, Object>> queue(@PathParam("partner") String partner) {
        if (!partner.equals(identity.getPrincipal().getName())) {
            throw ProblemException.forbidden("a partner sees only its own queue");
        }
        Instant now = Instant.now();
        return Uni.createFrom().completionStage(broker.call(book -> book.queue(partner, now)))
                .map(depths -> Map.of("partner", partner, "queues", depths.stream().map(JobResource::view).toList()));
    }

    private static Map<String, Object> view(JobBook.QueueDepth depth) {
        return Map.of("taskType", depth.taskType(), "depth", depth.jobs(),
                "oldestAgeSeconds", depth.oldest().toMillis() / 1000.0);
    }

    /**
     * The canonical hash of a submission, to tell a retry (same request) from a reused Idempotency-Key: SHA-256
     * of the jobs as JSON, each with its fields in a fixed order and the constant defaults filled in (redundancy
     * 1, priority 0), so that spacing, field order and a default written out or left out do not matter. The
     * default deadline is left as "not given": it follows the reference data, which may change between retries.
     */
    static String requestHash(List<JobRequest> jobs) {
        List<JobRequest> canonical = jobs.stream().map(job -> new JobRequest(job.taskType(), job.inputRef(),
                job.inputHash(), job.deadlineSeconds(), job.redundancy() == null ? 1 : job.redundancy(),
                job.priority() == null ? 0 : job.priority(), job.input())).toList();
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(Json.MAPPER.writeValueAsBytes(canonical));
            return "sha256:" + HexFormat.of().formatHex(digest);
        } catch (JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("cannot hash a job request", e);
        }
    }

    /** Checks a job against its task type; the problem names the field, prefixed for a batch. */
    private JobBroker.Submission submitted(JobRequest request, String idempotencyKey, String prefix, String requestHash,
                                           String placement) {
        TaskType taskType = broker.taskType(request.taskType()).orElseThrow(() -> ProblemException.unprocessable(
                prefix + "taskType: no task type '" + request.taskType() + "' is known"));
        long slowest = (long) Math.ceil(taskType.secondsOn(taskType.minTops()));
        long deadline = request.deadlineSeconds() == null
                ? (long) Math.ceil(slowest * config.defaultDeadlineFactor())
                : request.deadlineSeconds();
        if (deadline < slowest) {
            throw ProblemException.invalid(List.of(new Problem.FieldError(prefix + "deadlineSeconds",
                    "must be at least " + slowest + ": what a " + request.taskType() + " task takes on the slowest "
                            + "phone that may run it (" + taskType.minTops() + " TOPS)")));
        }
        if (deadline > config.maxDeadline().toSeconds()) {
            throw ProblemException.invalid(List.of(new Problem.FieldError(prefix + "deadlineSeconds",
                    "must be at most " + config.maxDeadline().toSeconds())));
        }
        String inputHash = inputHash(request, taskType, prefix);
        String jobId = placement == null ? broker.newJobId() : broker.newJobIdBeside(placement);
        return new JobBroker.Submission(new JobSubmittedEvent(Required.newEventId(), Instant.now(), jobId, partner(),
                taskType.key(), blankToNull(request.inputRef()), inputHash, (int) deadline,
                request.redundancy() == null ? 1 : request.redundancy(),
                request.priority() == null ? 0 : request.priority(), idempotencyKey, request.input()), taskType,
                idempotencyKey == null ? null : requestHash);
    }

    /**
     * The job's input hash: with an inline input, the SHA-256 hex of its UTF-8 bytes (a given hash must be it);
     * without, the given one, and then the reference is required too. A task type whose output the broker checks
     * (embeddings) needs its input inline.
     */
    private static String inputHash(JobRequest request, TaskType taskType, String prefix) {
        if (request.input() == null) {
            if (Outputs.hasVectorOutput(taskType)) {
                throw invalid(prefix + "input", "is required for " + taskType.key() + " (the text, up to 32 KiB)");
            }
            if (request.inputRef() == null || request.inputRef().isBlank()) {
                throw invalid(prefix + "inputRef", "must not be blank (or give the input inline)");
            }
            if (request.inputHash() == null || request.inputHash().isBlank()) {
                throw invalid(prefix + "inputHash", "must not be blank (or give the input inline)");
            }
            return request.inputHash();
        }
        byte[] utf8 = request.input().getBytes(StandardCharsets.UTF_8);
        if (utf8.length > JobRequest.MAX_INPUT_BYTES) {
            throw invalid(prefix + "input", "must be at most " + JobRequest.MAX_INPUT_BYTES + " bytes as UTF-8, not "
                    + utf8.length);
        }
        String computed = Vectors.sha256Hex(utf8);
        if (request.inputHash() != null && !request.inputHash().equalsIgnoreCase(computed)) {
            throw invalid(prefix + "inputHash", "must be the SHA-256 hex of the input's UTF-8 bytes (" + computed
                    + "), or left out");
        }
        return computed;
    }

    private static ProblemException invalid(String field, String message) {
        return ProblemException.invalid(List.of(new Problem.FieldError(field, message)));
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text;
    }

    /** The credential's partner. */
    private String partner() {
        return identity.getPrincipal().getName();
    }

    /**
     * Where a submission's jobs go: with an Idempotency-Key, the partition of the partner's key, so that a retry
     * reaches the instance that remembers the key (otherwise a 307 there); without one, null: any partition this
     * instance serves.
     */
    private String placement(String idempotencyKey) {
        if (idempotencyKey == null) {
            return null;
        }
        String key = partner() + "/" + idempotencyKey;
        broker.requireHere(key);
        return key;
    }
}
