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
import io.nhp.jobs.broker.Ownership;
import io.nhp.jobs.config.EmbeddingsConfig;
import io.nhp.jobs.domain.Job;
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
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

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
    private static final long POLL_MILLIS = 5;

    private final JobBroker broker;
    private final Ownership ownership;
    private final SecurityIdentity identity;
    private final Fallback fallback;
    private final EmbeddingsConfig config;

    EmbeddingsResource(JobBroker broker, Ownership ownership, SecurityIdentity identity, Fallback fallback,
                       EmbeddingsConfig config) {
        this.broker = broker;
        this.ownership = ownership;
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
        ownership.requireHere(partner);
        List<String> texts = texts(request);
        boolean base64 = base64(request);
        Duration budget = budget(budgetHeader);
        Instant fallbackAt = start.plus(budget).minus(reserve(budget, texts.size()));

        Set<Integer> checkedByService = new HashSet<>();
        List<byte[]> outputs = fromPhones(partner, texts, fallbackAt, checkedByService);
        List<Integer> missing = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            if (outputs.get(i) == null) {
                missing.add(i);
            }
        }
        List<float[]> computed = missing.isEmpty() ? List.of() : fallback.embed(missing.stream().map(texts::get).toList());
        List<Embedding> data = new ArrayList<>(texts.size());
        int tokens = 0;
        int cloud = 0;
        for (int i = 0, next = 0; i < texts.size(); i++) {
            boolean answered = outputs.get(i) != null;
            boolean phones = answered && !checkedByService.contains(i);
            float[] vector = answered ? Vectors.fromBytes(outputs.get(i)) : computed.get(next++);
            data.add(new Embedding("embedding", i, base64 ? Vectors.toBase64(vector) : vector,
                    phones ? "phones" : "cloud"));
            if (!phones) {
                cloud++;
            }
            tokens += fallback.tokens(texts.get(i));
        }
        String servedBy = cloud == 0 ? "phones" : cloud == texts.size() ? "cloud" : "mixed";
        return Response.ok(new EmbeddingsResponse("list", data, MiniLm.MODEL_ID, new Usage(tokens, tokens)))
                .header(SERVED_BY_HEADER, servedBy).build();
    }

    /**
     * Submits each text as an embeddings job of the partner and waits until {@code until} for them; each answered
     * job's validated vector, null for the others (they stay queued for the phones; see the README's what is left).
     * The indexes of jobs completed with the service's own answer (a spot check caught the phones) go to
     * {@code servedByCloud}.
     */
    private List<byte[]> fromPhones(String partner, List<String> texts, Instant until, Set<Integer> servedByCloud) {
        TaskType taskType = broker.taskType(Outputs.EMBEDDINGS).orElse(null);
        List<byte[]> outputs = new ArrayList<>(java.util.Collections.nCopies(texts.size(), null));
        if (taskType == null) {
            return outputs; // the reference data has not named the task type yet: the fallback serves
        }
        long lease = Math.max((long) Math.ceil(taskType.secondsOn(taskType.minTops())),
                Duration.between(Instant.now(), until).toSeconds() + 1);
        List<JobBroker.Submission> jobs = new ArrayList<>(texts.size());
        for (String text : texts) {
            jobs.add(new JobBroker.Submission(new JobSubmittedEvent(Required.newEventId(), Instant.now(),
                    UUID.randomUUID().toString(), partner, taskType.key(), null,
                    Vectors.sha256Hex(text.getBytes(StandardCharsets.UTF_8)), (int) lease, config.redundancy(), 0,
                    null, text), taskType, null));
        }
        List<String> ids = await(broker.submit(jobs), until.plusSeconds(5));
        Map<String, Integer> indexOf = new HashMap<>();
        for (int i = 0; i < ids.size(); i++) {
            indexOf.put(ids.get(i), i);
        }
        while (!indexOf.isEmpty() && Instant.now().isBefore(until)) {
            List<String> waiting = List.copyOf(indexOf.keySet());
            Map<String, Job> done = await(broker.call(book -> completed(book, waiting)), until.plusSeconds(5));
            done.forEach((id, job) -> {
                int index = indexOf.remove(id);
                outputs.set(index, job.output());
                if (JobCompletedEvent.CLOUD.equals(job.servedBy())) {
                    servedByCloud.add(index);
                }
            });
            if (!indexOf.isEmpty()) {
                sleep(Math.min(POLL_MILLIS, Math.max(0, Duration.between(Instant.now(), until).toMillis())));
            }
        }
        return outputs;
    }

    private static Map<String, Job> completed(io.nhp.jobs.domain.JobBook book, List<String> ids) {
        Map<String, Job> done = new HashMap<>();
        for (String id : ids) {
            Optional<Job> job = book.job(id);
            if (job.isPresent() && job.get().state() == JobState.COMPLETED && job.get().output() != null) {
                done.put(id, job.get());
            }
        }
        return done;
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
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            throw new OpenAiException(503, "the broker did not answer in time; try again", null, null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OpenAiException(503, "interrupted", null, null);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
