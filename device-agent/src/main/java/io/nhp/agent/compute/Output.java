package io.nhp.agent.compute;

/**
 * What computing gave: on success the output (Base64 of little-endian float32 for embeddings) and the SHA-256 hex of
 * its bytes; on failure the reason. {@code seconds} is the measured compute time either way.
 */
public record Output(boolean succeeded, String output, String outputHash, double seconds, String reason) {

    static Output succeeded(String output, String outputHash, double seconds) {
        return new Output(true, output, outputHash, seconds, null);
    }

    static Output failed(String reason, double seconds) {
        return new Output(false, null, null, seconds, reason);
    }
}
