package io.nhp.jobs.cloud;

import io.nhp.embeddings.MiniLm;
import io.nhp.jobs.config.EmbeddingsConfig;
import io.nhp.service.ProblemException;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.vertx.http.HttpServerStart;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.ObservesAsync;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * The cloud fallback: all-MiniLM-L6-v2 in process (standing for the partner's cloud), which computes what phones
 * did not answer validly in time, and counts tokens. Loaded once on a low-priority daemon thread: once the HTTP
 * server is up when {@code preload} is set (loading while the service starts competed with it and blocked the
 * event loop for seconds), else at the first request that needs it.
 */
@Singleton
public class Fallback {

    private static final Logger LOG = Logger.getLogger(Fallback.class);
    /** What a request answers while the model loads: how soon to try again. */
    static final Duration RETRY_WHILE_LOADING = Duration.ofSeconds(2);

    private final CompletableFuture<MiniLm> model = new CompletableFuture<>();
    private final AtomicBoolean loadStarted = new AtomicBoolean();
    private final EmbeddingsConfig config;

    Fallback(EmbeddingsConfig config) {
        this.config = config;
    }

    /** Fired (asynchronously, as Quarkus fires it) once the HTTP server listens: it only starts the loader thread. */
    void serverStarted(@ObservesAsync HttpServerStart started) {
        if (config.preload()) {
            loadInBackground();
        }
    }

    void stop(@Observes ShutdownEvent event) {
        model.thenAccept(MiniLm::close);
    }

    /** Whether the model can compute now; false while it loads (or before it is first needed, without preload). */
    public boolean loaded() {
        return model.isDone() && !model.isCompletedExceptionally();
    }

    /** Why the model could not be loaded; empty while it loads or once it is loaded. */
    public String failure() {
        if (!model.isCompletedExceptionally()) {
            return null;
        }
        try {
            model.join();
            return null;
        } catch (RuntimeException e) {
            return e.getCause() != null ? e.getCause().toString() : e.toString();
        }
    }

    /** The texts' vectors, computed here, one computation at a time; waits for the model until {@code deadline}. */
    public List<float[]> embed(List<String> texts, Instant deadline) {
        MiniLm loadedModel = model(deadline);
        synchronized (this) {
            return loadedModel.embedAll(texts);
        }
    }

    /** The model's token count of a text; waits for the model until {@code deadline}. */
    public int tokens(String text, Instant deadline) {
        MiniLm loadedModel = model(deadline);
        synchronized (this) {
            return loadedModel.tokens(text);
        }
    }

    /**
     * The model, waiting for it to load until {@code deadline} at most (a request does not outlive its budget
     * for it): 503 with Retry-After while it is still loading, 503 when it could not be loaded.
     */
    private MiniLm model(Instant deadline) {
        loadInBackground();
        try {
            long millis = Math.max(1, Duration.between(Instant.now(), deadline).toMillis());
            return model.get(millis, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw ProblemException.unavailable("the embeddings model is still loading (the service has just started); "
                    + "try again in " + RETRY_WHILE_LOADING.toSeconds() + " s", RETRY_WHILE_LOADING);
        } catch (ExecutionException e) {
            throw ProblemException.unavailable("the embeddings model could not be loaded: " + e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ProblemException.unavailable("interrupted while waiting for the embeddings model");
        }
    }

    private void loadInBackground() {
        if (loadStarted.compareAndSet(false, true)) {
            Thread loader = new Thread(this::load, "embeddings-fallback-loader");
            loader.setDaemon(true);
            loader.setPriority(Thread.MIN_PRIORITY); // the broker and HTTP threads come first
            loader.start();
        }
    }

    private void load() {
        long started = System.nanoTime();
        try {
            model.complete(MiniLm.load());
            LOG.infof("embeddings fallback model %s loaded in %d ms", MiniLm.MODEL_ID,
                    (System.nanoTime() - started) / 1_000_000);
        } catch (RuntimeException | Error e) {
            LOG.errorf(e, "could not load the embeddings fallback model %s; /v1/embeddings answers 503 for what "
                    + "phones do not serve", MiniLm.MODEL_ID);
            model.completeExceptionally(e);
        }
    }
}
