package io.nhp.jobs.domain;

import io.nhp.embeddings.Agreement;
import io.nhp.embeddings.MiniLm;
import io.nhp.embeddings.Vectors;
import java.util.Optional;

/**
 * The outputs the broker checks, keeps and compares itself: an {@code embeddings} job's output is an
 * all-MiniLM-L6-v2 vector (384 little-endian float32, SHA-256 hex as its hash), and two agree per
 * {@link Agreement#agree}; every other task type is compared by output hash alone and posts no output.
 */
public final class Outputs {

    /** The task type of sentence embeddings (the model's task table). */
    public static final String EMBEDDINGS = "embeddings";

    private Outputs() {
    }

    /** Whether a job of this task type posts its output as a vector the broker validates and delivers. */
    public static boolean hasVectorOutput(TaskType taskType) {
        return EMBEDDINGS.equals(taskType.key());
    }

    /** The model a device runs for this task type; null when the task type names none. */
    public static String model(TaskType taskType) {
        return hasVectorOutput(taskType) ? MiniLm.MODEL_ID : null;
    }

    /**
     * Why a successful result with this hash and output is refused for this task type; empty when it fits: a vector
     * output must be exactly 384 finite float32 whose SHA-256 hex is the hash, and another task type posts none.
     */
    static Optional<JobBook.Answer.InvalidOutput> problem(TaskType taskType, String outputHash, byte[] output) {
        if (!hasVectorOutput(taskType)) {
            return output == null ? Optional.empty()
                    : invalid("output", "a " + taskType.key() + " result posts its outputHash only");
        }
        if (output == null) {
            return invalid("output", "a SUCCEEDED " + taskType.key() + " result carries its output (base64 of "
                    + MiniLm.DIMENSIONS + " little-endian float32)");
        }
        if (output.length != MiniLm.DIMENSIONS * Float.BYTES) {
            return invalid("output", "must be " + MiniLm.DIMENSIONS + " float32 (" + MiniLm.DIMENSIONS * Float.BYTES
                    + " bytes), not " + output.length + " bytes");
        }
        try {
            Vectors.fromBytes(output);
        } catch (IllegalArgumentException e) {
            return invalid("output", String.valueOf(e.getMessage()));
        }
        if (!Vectors.sha256Hex(output).equalsIgnoreCase(outputHash)) {
            return invalid("outputHash", "must be the SHA-256 hex of the output's bytes");
        }
        return Optional.empty();
    }

    private static Optional<JobBook.Answer.InvalidOutput> invalid(String field, String message) {
        return Optional.of(new JobBook.Answer.InvalidOutput(field, message));
    }

    /** Whether two vector outputs agree (equal, or within the tolerance of {@link Agreement#agree}). */
    static boolean agree(byte[] a, byte[] b) {
        return a != null && b != null && Agreement.agree(Vectors.fromBytes(a), Vectors.fromBytes(b));
    }
}
