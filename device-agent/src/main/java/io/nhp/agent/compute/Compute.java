package io.nhp.agent.compute;

/** How a device computes the work a lease carries; {@link EmbeddingCompute} runs the real model. */
public interface Compute {

    /** Computes {@code work}; never throws for what the work asks, only reports. */
    Output run(Work work);
}
