package io.nhp.jobs.checks;

import io.nhp.embeddings.Vectors;
import io.nhp.jobs.domain.Outputs;
import io.nhp.jobs.domain.TaskType;
import io.nhp.jobs.cloud.Fallback;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;
import org.jboss.logging.Logger;

/**
 * The service's own model for the checks: the in-process {@link Fallback} (all-MiniLM-L6-v2), run on one worker
 * thread of its own so a check never blocks the broker. Canaries are a fixed list of ordinary sentences whose
 * vectors it computes once, the first time a canary is asked for.
 */
@Singleton
public class FallbackServiceModel implements ServiceModel {

    private static final Logger LOG = Logger.getLogger(FallbackServiceModel.class);

    /** Plain sentences of the kind partners embed, so that a canary looks like any job to a device. */
    public static final List<String> CANARY_TEXTS = List.of(
            "How do I reset my phone to factory settings?",
            "The battery drains quickly when the screen is on.",
            "Best restaurants near the train station open late.",
            "Translate this message into Arabic, please.",
            "My order has not arrived after ten days.",
            "Show me photos from last summer at the beach.",
            "What is the weather going to be like tomorrow morning?",
            "Remind me to call the dentist on Monday.",
            "The camera app crashes when I switch to video mode.",
            "Find a cheap flight from Dubai to Mumbai in March.",
            "Recipes for a quick vegetarian dinner for four people.",
            "How many steps did I walk this week compared to last week?");

    /** How long a check waits for the model to load: a check is no request, it may wait (the job stays open). */
    private static final Duration MODEL_WAIT = Duration.ofMinutes(2);

    private final Fallback fallback;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(task -> {
        Thread thread = new Thread(task, "service-checks");
        thread.setDaemon(true);
        return thread;
    });
    private final SecureRandom random = new SecureRandom();
    private volatile List<KnownAnswer> canaries = List.of();
    private final AtomicBoolean asked = new AtomicBoolean();

    FallbackServiceModel(Fallback fallback) {
        this.fallback = fallback;
    }

    /** Computes the canaries' answers once, on the worker, the first time a canary is asked for. */
    private void computeCanaries() {
        try {
            List<float[]> vectors = fallback.embed(CANARY_TEXTS, Instant.now().plus(MODEL_WAIT));
            canaries = IntStream.range(0, CANARY_TEXTS.size())
                    .mapToObj(i -> new KnownAnswer(CANARY_TEXTS.get(i), Vectors.toBytes(vectors.get(i)))).toList();
        } catch (RuntimeException e) {
            LOG.error("could not compute the canaries' answers: no canaries will be queued", e);
        }
    }

    void stop(@Observes ShutdownEvent event) {
        worker.shutdownNow();
    }

    @Override
    public CompletionStage<byte[]> reexecute(TaskType taskType, String input) {
        if (!Outputs.hasVectorOutput(taskType) || input == null) {
            return CompletableFuture.failedFuture(new IllegalArgumentException(
                    "the service re-executes only vector task types with their input inline, not " + taskType.key()));
        }
        return CompletableFuture.supplyAsync(() -> Vectors.toBytes(fallback.embed(List.of(input), Instant.now().plus(MODEL_WAIT)).get(0)), worker);
    }

    @Override
    public Optional<KnownAnswer> canary(TaskType taskType) {
        List<KnownAnswer> ready = canaries;
        if (!Outputs.hasVectorOutput(taskType)) {
            return Optional.empty();
        }
        if (ready.isEmpty()) {
            if (!asked.getAndSet(true)) {
                worker.execute(this::computeCanaries); // none this time: the next jobs bring them
            }
            return Optional.empty();
        }
        return Optional.of(ready.get(random.nextInt(ready.size())));
    }
}
