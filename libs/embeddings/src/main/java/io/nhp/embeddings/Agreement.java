package io.nhp.embeddings;

import java.util.Objects;

/**
 * When two embedding results agree (#20): the same bytes (so the same SHA-256), or else close enough for float
 * noise between runtimes: same length, all finite, cosine ≥ {@value #MIN_COSINE} and max |a_i − b_i| ≤
 * {@value #MAX_ABS_DIFF}. Measured: honest re-runs give 1.0, a one-word change about 0.98, random vectors about 0.
 */
public final class Agreement {

    public static final double MIN_COSINE = 0.9999;
    public static final double MAX_ABS_DIFF = 1e-3;

    private Agreement() {
    }

    /**
     * Same SHA-256 of the bytes, or: same length, all finite, cosine >= 0.9999 and max |a_i - b_i| <= 1e-3. A vector
     * that is empty or has a non-finite component agrees with nothing, not even its own copy.
     */
    public static boolean agree(float[] a, float[] b) {
        Objects.requireNonNull(a, "a");
        Objects.requireNonNull(b, "b");
        if (a.length != b.length || a.length == 0 || !finite(a) || !finite(b)) {
            return false;
        }
        if (sameBits(a, b)) {
            return true; // the same bytes, hence the same SHA-256
        }
        for (int i = 0; i < a.length; i++) {
            if (Math.abs((double) a[i] - b[i]) > MAX_ABS_DIFF) {
                return false;
            }
        }
        return cosine(a, b) >= MIN_COSINE;
    }

    /** Cosine similarity in double precision; 0 if either is the zero vector; {@link IllegalArgumentException} if lengths differ. */
    public static double cosine(float[] a, float[] b) {
        Objects.requireNonNull(a, "a");
        Objects.requireNonNull(b, "b");
        if (a.length != b.length) {
            throw new IllegalArgumentException("lengths differ: " + a.length + " and " + b.length);
        }
        double dot = 0;
        double normA = 0;
        double normB = 0;
        for (int i = 0; i < a.length; i++) {
            dot += (double) a[i] * b[i];
            normA += (double) a[i] * a[i];
            normB += (double) b[i] * b[i];
        }
        return normA == 0 || normB == 0 ? 0 : dot / (Math.sqrt(normA) * Math.sqrt(normB));
    }

    private static boolean finite(float[] v) {
        for (float x : v) {
            if (!Float.isFinite(x)) {
                return false;
            }
        }
        return true;
    }

    private static boolean sameBits(float[] a, float[] b) {
        for (int i = 0; i < a.length; i++) {
            if (Float.floatToRawIntBits(a[i]) != Float.floatToRawIntBits(b[i])) {
                return false;
            }
        }
        return true;
    }
}
