package io.nhp.jobs.api;

import io.nhp.contracts.events.JobSubmittedEvent;
import io.nhp.contracts.events.Required;
import io.nhp.jobs.broker.JobBroker;
import io.nhp.jobs.broker.Ownership;
import io.nhp.jobs.config.BrokerConfig;
import io.nhp.jobs.domain.JobBook;
import io.nhp.jobs.domain.TaskType;
import io.nhp.jobs.security.PartnerTokens;
import io.nhp.service.Problem;
import io.nhp.service.ProblemException;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
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
    private final Ownership ownership;
    private final SecurityIdentity identity;

    JobResource(JobBroker broker, BrokerConfig config, Ownership ownership, SecurityIdentity identity) {
        this.broker = broker;
        this.config = config;
        this.ownership = ownership;
        this.identity = identity;
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
            + "a retried submission answers the same job and queues nothing.")
    public Uni<Accepted> submit(@NotNull @Valid JobRequest request,
                                @HeaderParam("Idempotency-Key") @Size(max = 128) String idempotencyKey) {
        var job = submitted(request, idempotencyKey, "");
        return Uni.createFrom().completionStage(broker.submit(List.of(job.event()), List.of(job.taskType())))
                .map(ids -> new Accepted(ids.get(0)));
    }

    @POST
    @Path("/jobs:batch")
    @ResponseStatus(202)
    @Operation(summary = "Submit up to 1,000 jobs", description = "All are queued, or none (the first invalid job "
            + "is named). An Idempotency-Key applies to the batch: a retry answers the same jobs.")
    public Uni<BatchAccepted> submitBatch(@NotNull @Valid JobBatchRequest batch,
                                          @HeaderParam("Idempotency-Key") @Size(max = 120) String idempotencyKey) {
        List<JobSubmittedEvent> events = new ArrayList<>(batch.jobs().size());
        List<TaskType> taskTypes = new ArrayList<>(batch.jobs().size());
        for (int i = 0; i < batch.jobs().size(); i++) {
            var job = submitted(batch.jobs().get(i), idempotencyKey == null ? null : idempotencyKey + "#" + i,
                    "jobs[" + i + "].");
            events.add(job.event());
            taskTypes.add(job.taskType());
        }
        return Uni.createFrom().completionStage(broker.submit(events, taskTypes)).map(BatchAccepted::new);
    }

    @GET
    @Path("/jobs/{jobId}")
    @Operation(summary = "A job's state", description = "QUEUED, LEASED, COMPLETED, FAILED or EXPIRED, with its "
            + "attempts and, once completed, the agreed result hash.")
    public Uni<JobView> job(@PathParam("jobId") String jobId) {
        String partner = partner();
        return Uni.createFrom().completionStage(broker.call(book -> book.job(jobId)
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
        ownership.requireHere(partner);
        Instant now = Instant.now();
        return Uni.createFrom().completionStage(broker.call(book -> book.queue(partner, now)))
                .map(depths -> Map.of("partner", partner, "queues", depths.stream().map(JobResource::view).toList()));
    }

    private static Map<String, Object> view(JobBook.QueueDepth depth) {
        return Map.of("taskType", depth.taskType(), "depth", depth.jobs(),
                "oldestAgeSeconds", depth.oldest().toMillis() / 1000.0);
    }

    private record Submitted(JobSubmittedEvent event, TaskType taskType) {
    }

    /** Checks a job against its task type; the problem names the field, prefixed for a batch. */
    private Submitted submitted(JobRequest request, String idempotencyKey, String prefix) {
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
        String jobId = UUID.randomUUID().toString();
        return new Submitted(new JobSubmittedEvent(Required.newEventId(), Instant.now(), jobId, partner(),
                taskType.key(), request.inputRef(), request.inputHash(), (int) deadline,
                request.redundancy() == null ? 1 : request.redundancy(),
                request.priority() == null ? 0 : request.priority(), idempotencyKey), taskType);
    }

    /** The credential's partner, served by this instance (otherwise a 307 to the one that serves it). */
    private String partner() {
        String partner = identity.getPrincipal().getName();
        ownership.requireHere(partner);
        return partner;
    }
}
