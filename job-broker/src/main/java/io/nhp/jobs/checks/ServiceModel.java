package io.nhp.jobs.checks;

import io.nhp.jobs.domain.TaskType;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * The model the service runs itself, as the checks need it: re-executing a job's input (a spot check) and canaries,
 * inputs whose answer it computed beforehand. Never on the broker thread.
 */
public interface ServiceModel {

    /** A canary's input and the output the service computed for it. */
    record KnownAnswer(String input, byte[] output) {
    }

    /** The output the service computes for this input, on a worker thread; fails when it cannot. */
    CompletionStage<byte[]> reexecute(TaskType taskType, String input);

    /** A canary of this task type, chosen at random; empty while none is ready (or the task type has none). */
    Optional<KnownAnswer> canary(TaskType taskType);
}
