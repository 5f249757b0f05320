package io.nhp.jobs.openai;

import io.nhp.embeddings.MiniLm;
import io.nhp.jobs.config.EmbeddingsConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The cloud fallback: all-MiniLM-L6-v2 in process (standing for the partner's cloud), which computes what phones
 * did not answer validly in time, and counts tokens. Loaded once, in the background when {@code preload} is set.
 */
@Singleton
public class Fallback {

    private final CompletableFuture<MiniLm> model = new CompletableFuture<>();
    private final EmbeddingsConfig config;

    Fallback(EmbeddingsConfig config) {
        this.config = config;
    }

    void start(@Observes StartupEvent event) {
        if (config.preload()) {
            Thread loader = new Thread(this::load, "embeddings-fallback-loader");
            loader.setDaemon(true);
            loader.start();
        }
    }

    void stop(@Observes ShutdownEvent event) {
        model.thenAccept(MiniLm::close);
    }

    /** The texts' vectors, computed here. */
    public synchronized List<float[]> embed(List<String> texts) {
        return model().embedAll(texts);
    }

    /** The model's token count of a text. */
    public synchronized int tokens(String text) {
        return model().tokens(text);
    }

    private MiniLm model() {
        if (!model.isDone()) {
            load();
        }
        return model.join();
    }

    private synchronized void load() {
        if (!model.isDone()) {
            try {
                model.complete(MiniLm.load());
            } catch (RuntimeException e) {
                model.completeExceptionally(e);
            }
        }
    }
}
