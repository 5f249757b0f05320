package io.nhp.agent.compute;

import io.nhp.embeddings.MiniLm;
import io.nhp.embeddings.Vectors;
import java.util.Objects;

/**
 * Runs the work a lease carries on this device's model: task type {@value #TASK_TYPE} with inline text, on
 * all-MiniLM-L6-v2. Anything else (an older task type without input, another model, a blank text, the model
 * failing) is a failure with its reason: the agent answers FAILED at once, so the broker reissues the job without
 * waiting for the lease to expire. Thread-safe (one instance serves every agent of a process).
 */
public final class EmbeddingCompute implements Compute {

    public static final String TASK_TYPE = "embeddings";

    private final MiniLm model;

    public EmbeddingCompute(MiniLm model) {
        this.model = Objects.requireNonNull(model, "model");
    }

    @Override
    public Output run(Work work) {
        long start = System.nanoTime();
        if (!TASK_TYPE.equals(work.taskType()) || work.input() == null) {
            return Output.failed("cannot compute task type " + work.taskType()
                    + (work.input() == null ? " without inline input" : ""), seconds(start));
        }
        if (work.model() != null && !MiniLm.MODEL_ID.equals(work.model())) {
            return Output.failed("model " + work.model() + " is not on this device", seconds(start));
        }
        try {
            float[] vector = model.embed(work.input());
            return Output.succeeded(Vectors.toBase64(vector), Vectors.sha256Hex(Vectors.toBytes(vector)), seconds(start));
        } catch (RuntimeException e) {
            return Output.failed(MiniLm.MODEL_ID + " failed: " + e.getMessage(), seconds(start));
        }
    }

    private static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }
}
