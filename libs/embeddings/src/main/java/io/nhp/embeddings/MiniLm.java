package io.nhp.embeddings;

import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.HuggingFaceTokenCountEstimator;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The sentence-embedding model of #20, all-MiniLM-L6-v2 (fp32, {@value #DIMENSIONS} dimensions, unit-normalized), run
 * in process by ONNX Runtime from the model and tokenizer bundled in langchain4j's jar: fully offline.
 *
 * <p>{@link #load()} takes about 1.3 s the first time in a JVM (the ONNX session is the JVM's one, loaded once and
 * kept for the JVM's life; later loads are instant); afterwards {@link #embed} is thread-safe and deterministic: the
 * same build gives bit-identical vectors across runs, threads and JVMs (about 8 ms for a 35-token sentence on one
 * core). ONNX Runtime and the tokenizer extract native libraries to {@code java.io.tmpdir} and {@code ~/.djl.ai}
 * (DJL's {@code DJL_CACHE_DIR}), which must be writable. Texts longer than 510 tokens are embedded by windows of 510
 * tokens, averaged by their lengths (langchain4j's rule).
 */
public final class MiniLm implements AutoCloseable {

    public static final String MODEL_ID = "all-MiniLM-L6-v2";
    public static final int DIMENSIONS = 384;

    private final EmbeddingModel model;
    private final HuggingFaceTokenCountEstimator tokenizer;
    private volatile boolean closed;

    private MiniLm(EmbeddingModel model, HuggingFaceTokenCountEstimator tokenizer) {
        this.model = model;
        this.tokenizer = tokenizer;
    }

    /** Loads the model (about 1.3 s the first time in a JVM); throws {@link IllegalStateException} if it cannot. */
    public static MiniLm load() {
        try {
            // the direct executor: a list is embedded in the caller's thread, no pool of langchain4j's own
            return new MiniLm(new AllMiniLmL6V2EmbeddingModel(Runnable::run), new HuggingFaceTokenCountEstimator());
        } catch (RuntimeException | LinkageError e) {
            throw new IllegalStateException("cannot load " + MODEL_ID + " (ONNX Runtime needs a writable "
                    + "java.io.tmpdir and ~/.djl.ai): " + e, e);
        }
    }

    /** The unit-normalized vector of {@code text}; {@link IllegalArgumentException} if it is blank. */
    public float[] embed(String text) {
        requireOpen();
        requireText(text);
        float[] vector = model.embed(text).content().vector();
        if (vector.length != DIMENSIONS) {
            throw new IllegalStateException(MODEL_ID + " answered " + vector.length + " dimensions");
        }
        return vector;
    }

    /** The vectors of {@code texts}, in order, computed in the caller's thread; each as {@link #embed} gives it. */
    public List<float[]> embedAll(List<String> texts) {
        Objects.requireNonNull(texts, "texts");
        texts.forEach(MiniLm::requireText);
        List<float[]> vectors = new ArrayList<>(texts.size());
        for (String text : texts) {
            vectors.add(embed(text));
        }
        return vectors;
    }

    /**
     * The number of word-piece tokens of {@code text} as this model's tokenizer cuts it, without the {@code [CLS]}
     * and {@code [SEP]} markers the model adds per window and without truncation: langchain4j's
     * {@link HuggingFaceTokenCountEstimator} over the same tokenizer file. What {@code usage.prompt_tokens} reports.
     */
    public int tokens(String text) {
        requireOpen();
        Objects.requireNonNull(text, "text");
        return text.isBlank() ? 0 : tokenizer.estimateTokenCountInText(text);
    }

    /** Marks this handle closed ({@link IllegalStateException} on later use); the JVM's session stays loaded. */
    @Override
    public void close() {
        closed = true;
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException(MODEL_ID + " is closed");
        }
    }

    private static void requireText(String text) {
        Objects.requireNonNull(text, "text");
        if (text.isBlank()) {
            throw new IllegalArgumentException("cannot embed blank text");
        }
    }
}
