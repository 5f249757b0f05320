package io.nhp.jobs.api;

import io.micrometer.core.instrument.MeterRegistry;
import io.nhp.contracts.Topics;
import io.nhp.contracts.events.JobSubmittedEvent;
import io.nhp.contracts.events.Required;
import io.nhp.service.kafka.EventPublisher;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import java.time.Instant;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.ResponseStatus;

/** Where partners submit AI jobs. A job is accepted once it is durably in {@code nhp.jobs.submitted}. */
@Path("/api/v1/jobs")
@Tag(name = "Jobs")
public class JobResource {

    private final EventPublisher publisher;
    private final MeterRegistry meters;

    JobResource(EventPublisher publisher, MeterRegistry meters) {
        this.publisher = publisher;
        this.meters = meters;
    }

    @POST
    @ResponseStatus(202)
    @Operation(summary = "Submit a job", description = "Accepted (202) once Kafka has it; answers with the job id.")
    public Uni<JobAccepted> submit(@NotNull @Valid SubmitJobRequest request) {
        String jobId = UUID.randomUUID().toString();
        var event = new JobSubmittedEvent(Required.newEventId(), Instant.now(), jobId, request.partner(),
                request.taskType(), request.inputRef(), request.inputHash(), request.deadlineSeconds(),
                request.redundancy() == null ? 1 : request.redundancy(), request.priority(), null);
        return publisher.publish(Topics.JOBS_SUBMITTED, jobId, event)
                .invoke(() -> meters.counter("nhp.jobs.submitted", "partner", request.partner(),
                        "task_type", request.taskType()).increment())
                .map(ack -> new JobAccepted(jobId));
    }
}
