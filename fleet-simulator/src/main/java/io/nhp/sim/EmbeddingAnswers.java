package io.nhp.sim;

import io.nhp.agent.compute.EmbeddingCompute;
import io.nhp.agent.compute.Output;
import io.nhp.agent.compute.Work;
import io.nhp.embeddings.Vectors;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.CompletableFuture;

/**
 * What a simulated phone answers an {@code embeddings} lease. Honest phones: the real all-MiniLM-L6-v2 vector of the
 * input, as the reference agent computes it ({@link EmbeddingCompute}), computed once per distinct input and kept in
 * a bounded cache (one model serves the whole simulated fleet). Dishonest phones: that vector with noise,
 * renormalised: on the wire it looks right (384 finite float32, unit norm, hash of its bytes), so only agreement
 * with another phone's answer catches it. Thread-safe.
 */
final class EmbeddingAnswers {

    /** Distinct inputs whose vectors are kept: a demo's requests repeat, and a vector is 1.5 KiB of Base64. */
    static final int CACHE_SIZE = 4_096;
    /**
     * Standard deviation of the noise per component of a dishonest vector. A unit vector of 384 components has
     * components around 0.05: this noise is as large as the signal (cosine to the real vector about 0.7, far below
     * the 0.9999 agreement needs), like a phone that skipped the work.
     */
    static final double DISHONEST_NOISE = 0.05;

    private final CompletableFuture<EmbeddingCompute> compute;
    private final Map<String, Output> cache = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Output> eldest) {
            return size() > CACHE_SIZE;
        }
    };

    /** Answers with the model {@code compute} will hold once loaded (a load takes seconds: it may still be under way). */
    EmbeddingAnswers(CompletableFuture<EmbeddingCompute> compute) {
        this.compute = Objects.requireNonNull(compute, "compute");
    }

    /**
     * The real vector of the lease's input (waiting for the model if it is still loading); a failure with its reason
     * when there is nothing to compute (no inline input, another model) or the model cannot be loaded.
     */
    Output honest(Work work) {
        String key = work.input() == null ? null : cacheKey(work);
        if (key != null) {
            synchronized (cache) {
                Output cached = cache.get(key);
                if (cached != null) {
                    return cached;
                }
            }
        }
        Output output;
        try {
            output = compute.join().run(work);
        } catch (RuntimeException e) {
            return new Output(false, null, null, 0, "the model did not load: " + e.getMessage());
        }
        if (key != null && output.succeeded()) {
            synchronized (cache) {
                cache.put(key, output);
            }
        }
        return output;
    }

    /** Only successes are cached, so a key names the work entirely: task type, model and the input's SHA-256. */
    private static String cacheKey(Work work) {
        return work.taskType() + " " + work.model() + " "
                + Vectors.sha256Hex(work.input().getBytes(StandardCharsets.UTF_8));
    }

    /** A wrong vector for the lease: the real one plus noise, renormalised; a failure where {@link #honest} fails. */
    Output dishonest(Work work, Random random) {
        Output real = honest(work);
        if (!real.succeeded()) {
            return real;
        }
        float[] wrong = perturbed(Vectors.fromBase64(real.output()), random);
        return new Output(true, Vectors.toBase64(wrong), Vectors.sha256Hex(Vectors.toBytes(wrong)), real.seconds(), null);
    }

    /** {@code vector} plus Gaussian noise of {@link #DISHONEST_NOISE} per component, scaled back to unit length. */
    static float[] perturbed(float[] vector, Random random) {
        double[] noisy = new double[vector.length];
        double norm = 0;
        for (int i = 0; i < vector.length; i++) {
            noisy[i] = vector[i] + random.nextGaussian() * DISHONEST_NOISE;
            norm += noisy[i] * noisy[i];
        }
        norm = Math.sqrt(norm);
        float[] wrong = new float[vector.length];
        for (int i = 0; i < vector.length; i++) {
            wrong[i] = (float) (noisy[i] / norm);
        }
        return wrong;
    }
}
