package io.nhp.jobs.openai;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import io.nhp.contracts.events.JobCompletedEvent;
import io.nhp.contracts.events.JobSubmittedEvent;
import io.nhp.contracts.events.Required;
import io.nhp.embeddings.MiniLm;
import io.nhp.embeddings.Vectors;
import io.nhp.jobs.api.JobRequest;
import io.nhp.jobs.broker.JobBroker;
import io.nhp.jobs.cloud.Fallback;
import io.nhp.jobs.config.EmbeddingsConfig;
import io.nhp.jobs.domain.JobState;
import io.nhp.jobs.domain.Outputs;
import io.nhp.jobs.domain.TaskType;
import io.nhp.jobs.security.PartnerTokens;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.common.annotation.Blocking;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.logging.Logger;

/**
 * OpenAI-compatible embeddings for partners ({@code /v1}, partner bearer): each input becomes an embeddings job for
 * the partner's own phones; what they do not answer validly within the latency budget the {@link Fallback} computes.
 */
@Path("/v1")
@Tag(name = "OpenAI-compatible")
@RolesAllowed(PartnerTokens.PARTNER_ROLE)
public class EmbeddingsResource {

    /** Header naming the request's latency budget in milliseconds. */
    public static final String BUDGET_HEADER = "x-nhp-latency-budget-ms";
    /** Header telling who served the answer: {@code phones}, {@code cloud} or {@code mixed}. */
    public static final String SERVED_BY_HEADER = "x-nhp-served-by";
    static final int MAX_INPUTS = 2048;
    private static final Logger LOG = Logger.getLogger(EmbeddingsResource.class);

    private final JobBroker broker;
    private final SecurityIdentity identity;
    private final Fallback fallback;
    private final EmbeddingsConfig config;

    EmbeddingsResource(JobBroker broker, SecurityIdentity identity, Fallback fallback,
                       EmbeddingsConfig config) {
        this.broker = broker;
        this.identity = identity;
        this.fallback = fallback;
        this.config = config;
    }

    /** The answer: OpenAI's list of embeddings, with the model and the tokens counted. */
    public record EmbeddingsResponse(String object, List<Embedding> data, String model, Usage usage) {
    }

    /** One input's vector ({@code float} list or {@code base64}) and who computed it ({@code phones} or {@code cloud}). */
    public record Embedding(String object, int index, Object embedding,
                            @JsonProperty("served_by") String servedBy) {
    }

    /** Tokens of the inputs, as the model counts them. */
    public record Usage(@JsonProperty("prompt_tokens") int promptTokens, @JsonProperty("total_tokens") int totalTokens) {
    }

    /** One model OpenAI's way. */
    public record Model(String id, String object, long created, @JsonProperty("owned_by") String ownedBy) {
    }

    /** OpenAI's list of models. */
    public record Models(String object, List<Model> data) {
    }

    @GET
    @Path("/models")
    @Operation(summary = "The models served", description = "OpenAI's shape: all-MiniLM-L6-v2.")
    public Models models() {
        return new Models("list", List.of(new Model(MiniLm.MODEL_ID, "model", 1_764_720_000L, "nhp")));
    }

    @POST
    @Path("/embeddings")
    @Blocking
    @Operation(summary = "Embeddings, OpenAI-compatible", description = "Each input is computed by the partner's "
            + "phones (validated by agreement) or, what they do not answer within the latency budget (header "
            + BUDGET_HEADER + ", default 3 s), by the cloud fallback; header " + SERVED_BY_HEADER + " and each "
            + "item's served_by tell which. Errors in OpenAI's shape.")
    public Response embeddings(EmbeddingsRequest request, @HeaderParam(BUDGET_HEADER) String budgetHeader) {
        Instant start = Instant.now();
        String partner = identity.getPrincipal().getName();
        List<String> texts = texts(request);
        boolean base64 = base64(request);
        Duration budget = budget(budgetHeader);
        Instant fallbackAt = start.plus(budget).minus(reserve(budget, texts.size()));

        Instant deadline = start.plus(budget);

        List<String> ids = submit(partner, texts, deadline);
        List<JobBroker.Finished> finished = ids == null ? new ArrayList<>(Collections.nCopies(texts.size(), null))
                : fromPhones(ids, fallbackAt, deadline);
        List<byte[]> outputs = new ArrayList<>(texts.size());
        List<Integer> missing = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            outputs.add(finished.get(i) == null ? null : finished.get(i).output());
            if (outputs.get(i) == null) {
                missing.add(i);
            }
        }
        List<float[]> computed = missing.isEmpty() ? List.of()
                : fallback.embed(missing.stream().map(texts::get).toList(), deadline);
        List<byte[]> served = new ArrayList<>(Collections.nCopies(texts.size(), null));
        for (int m = 0; m < missing.size(); m++) {
            served.set(missing.get(m), Vectors.toBytes(computed.get(m)));
        }
        Set<Integer> byPhones = ids == null || missing.isEmpty() ? Set.of()
                : servedByCloud(ids, missing, served, deadline);
        List<Embedding> data = new ArrayList<>(texts.size());
        int tokens = 0;
        int fromCloud = 0;
        for (int i = 0; i < texts.size(); i++) {
            // a job a spot check caught was completed with the service's vector: the cloud served it
            boolean phones = outputs.get(i) != null && JobCompletedEvent.PHONES.equals(finished.get(i).servedBy())
                    || byPhones.contains(i);
            byte[] vector = outputs.get(i) != null ? outputs.get(i) : served.get(i);
            data.add(new Embedding("embedding", i, base64 ? Base64.getEncoder().encodeToString(vector)
                    : Vectors.fromBytes(vector), phones ? JobCompletedEvent.PHONES : JobCompletedEvent.CLOUD));
            fromCloud += phones ? 0 : 1;
            tokens += fallback.tokens(texts.get(i), deadline);
        }
        String servedBy = fromCloud == 0 ? JobCompletedEvent.PHONES
                : fromCloud == texts.size() ? JobCompletedEvent.CLOUD : "mixed";
        return Response.ok(new EmbeddingsResponse("list", data, MiniLm.MODEL_ID, new Usage(tokens, tokens)))
                .header(SERVED_BY_HEADER, servedBy).build();
    }

    /**
     * Submits each text as an embeddings job of the partner; their ids, in order, or null when the reference data
     * has not named the task type yet (the fallback then serves all, and no job is kept).
     */
    private List<String> submit(String partner, List<String> texts, Instant deadline) {
        TaskType taskType = broker.taskType(Outputs.EMBEDDINGS).orElse(null);
        if (taskType == null) {
            return null;
        }
        long lease = Math.max((long) Math.ceil(taskType.secondsOn(taskType.minTops())),
                Duration.between(Instant.now(), deadline).toSeconds() + 1);
        List<JobBroker.Submission> jobs = new ArrayList<>(texts.size());
        for (String text : texts) {
            jobs.add(new JobBroker.Submission(new JobSubmittedEvent(Required.newEventId(), Instant.now(),
                    broker.newJobId(), partner, taskType.key(), null,
                    Vectors.sha256Hex(text.getBytes(StandardCharsets.UTF_8)), (int) lease, config.redundancy(), 0,
                    null, text), taskType, null));
        }
        return await(broker.submit(jobs), deadline.plusSeconds(5));
    }

    /**
     * Waits until {@code until} for the jobs to finish (the broker tells when one is final and in Kafka): each job
     * completed in time with its vector (validated by phones, or the service's when a spot check caught them), null
     * for the others.
     */
    private List<JobBroker.Finished> fromPhones(List<String> ids, Instant until, Instant deadline) {
        List<CompletableFuture<JobBroker.Finished>> finished = broker.watch(ids);
        try {
            CompletableFuture.allOf(finished.toArray(CompletableFuture[]::new))
                    .get(Math.max(0, Duration.between(Instant.now(), until).toMillis()), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            // the budget for phones is spent: the fallback serves what is not done
        } catch (ExecutionException e) {
            throw unavailable(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OpenAiException(503, "interrupted", null, null);
        } finally {
            broker.unwatch(ids);
        }
        List<JobBroker.Finished> completed = new ArrayList<>(ids.size());
        for (CompletableFuture<JobBroker.Finished> future : finished) {
            JobBroker.Finished job = future.isDone() && !future.isCompletedExceptionally() ? future.join() : null;
            completed.add(job != null && job.state() == JobState.COMPLETED && job.output() != null ? job : null);
        }
        return completed;
    }

    /**
     * Completes the jobs the fallback computed as served by the cloud, so economics learns of it and no phone is
     * paid for them later; the indexes of those phones had completed in the meantime, whose vector then answers
     * instead (put in {@code served}). The answer waits for the book's decision, not for the write to Kafka (a
     * commit can take longer than what is left of the budget, and the vectors are right either way); a write that
     * fails is logged, and those jobs stay open for phones, as if the fallback had not computed them.
     */
    private Set<Integer> servedByCloud(List<String> ids, List<Integer> missing, List<byte[]> served,
                                      Instant deadline) {
        Instant now = Instant.now();
        var decided = new CompletableFuture<Map<Integer, byte[]>>();
        broker.call(book -> {
            Map<Integer, byte[]> completedByPhones = new HashMap<>();
            for (int index : missing) {
                book.servedByCloud(ids.get(index), served.get(index), now)
                        .filter(job -> job.state() == JobState.COMPLETED && job.output() != null
                                && JobCompletedEvent.PHONES.equals(job.servedBy()))
                        .ifPresent(job -> completedByPhones.put(index, job.output()));
            }
            decided.complete(completedByPhones);
            return completedByPhones;
        }).whenComplete((recorded, failure) -> {
            if (failure != null) {
                decided.complete(Map.of());
                LOG.warnf("could not record %d jobs as served by the cloud (%s); they stay open for phones",
                        missing.size(), failure.getMessage());
            }
        });
        Map<Integer, byte[]> phonesFirst;
        try {
            phonesFirst = decided.get(Math.max(1, Duration.between(Instant.now(), deadline).toMillis()),
                    TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            return Set.of(); // the broker did not get to it within the budget: the fallback's vectors answer
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Set.of();
        }
        phonesFirst.forEach(served::set);
        return phonesFirst.keySet();
    }

    /** The time kept for the fallback at the end of the budget: a base and a share per input, at most half. */
    private Duration reserve(Duration budget, int inputs) {
        Duration wanted = config.fallbackReserve().plus(config.fallbackPerInput().multipliedBy(inputs));
        return wanted.compareTo(budget.dividedBy(2)) > 0 ? budget.dividedBy(2) : wanted;
    }

    private Duration budget(String header) {
        if (header == null) {
            return config.latencyBudget();
        }
        long millis;
        try {
            millis = Long.parseLong(header.trim());
        } catch (NumberFormatException e) {
            millis = -1;
        }
        if (millis < 1 || millis > config.maxLatencyBudget().toMillis()) {
            throw OpenAiException.invalid(BUDGET_HEADER, BUDGET_HEADER + " must be whole milliseconds from 1 to "
                    + config.maxLatencyBudget().toMillis());
        }
        return Duration.ofMillis(millis);
    }

    private static List<String> texts(EmbeddingsRequest request) {
        if (request == null) {
            throw OpenAiException.invalid(null, "a JSON body {model, input} is required");
        }
        if (request.model() == null) {
            throw OpenAiException.invalid("model", "model is required: " + MiniLm.MODEL_ID);
        }
        if (!MiniLm.MODEL_ID.equals(request.model())) {
            throw new OpenAiException(404, "The model '" + request.model() + "' does not exist; this API serves "
                    + MiniLm.MODEL_ID, "model", "model_not_found");
        }
        if (request.dimensions() != null && request.dimensions() != MiniLm.DIMENSIONS) {
            throw OpenAiException.invalid("dimensions", MiniLm.MODEL_ID + " has " + MiniLm.DIMENSIONS + " dimensions");
        }
        JsonNode input = request.input();
        List<JsonNode> items = new ArrayList<>();
        if (input == null || input.isNull()) {
            throw OpenAiException.invalid("input", "input is required: a text or a list of texts");
        } else if (input.isArray()) {
            input.forEach(items::add);
            if (items.isEmpty() || items.size() > MAX_INPUTS) {
                throw OpenAiException.invalid("input", "input must have 1 to " + MAX_INPUTS + " texts, not " + items.size());
            }
        } else {
            items.add(input);
        }
        List<String> texts = new ArrayList<>(items.size());
        for (JsonNode item : items) {
            if (!item.isTextual()) {
                throw OpenAiException.invalid("input", "each input must be a text (token arrays are not taken)");
            }
            String text = item.textValue();
            if (text.isBlank() || text.getBytes(StandardCharsets.UTF_8).length > JobRequest.MAX_INPUT_BYTES) {
                throw OpenAiException.invalid("input", "each input must be a non-blank text of at most "
                        + JobRequest.MAX_INPUT_BYTES + " bytes as UTF-8");
            }
            texts.add(text);
        }
        return texts;
    }

    private static boolean base64(EmbeddingsRequest request) {
        String format = request.encodingFormat();
        if (format == null || format.equals("float")) {
            return false;
        }
        if (format.equals("base64")) {
            return true;
        }
        throw OpenAiException.invalid("encoding_format", "encoding_format must be float or base64");
    }

    private static <T> T await(CompletionStage<T> stage, Instant until) {
        try {
            return stage.toCompletableFuture().get(Math.max(1, Duration.between(Instant.now(), until).toMillis()),
                    TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw unavailable(e.getCause());
        } catch (TimeoutException e) {
            throw new OpenAiException(503, "the broker did not answer in time; try again", null, null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OpenAiException(503, "interrupted", null, null);
        }
    }

    /** What the broker failed with, as it is answered (its own refusals are mapped already). */
    private static RuntimeException unavailable(Throwable cause) {
        if (cause instanceof RuntimeException runtime) {
            return runtime;
        }
        return new IllegalStateException("the job broker failed: " + cause, cause);
    }
}
