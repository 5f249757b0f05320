package io.nhp.embeddings;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Objects;

/**
 * The wire form of a vector: little-endian IEEE-754 float32, 4 bytes per component (OpenAI's
 * {@code encoding_format: "base64"}), standard Base64 of those bytes, and the SHA-256 of those bytes as lowercase hex
 * (a result's {@code outputHash}).
 */
public final class Vectors {

    private Vectors() {
    }

    /** The little-endian float32 bytes of {@code v}, 4 per component. */
    public static byte[] toBytes(float[] v) {
        Objects.requireNonNull(v, "vector");
        ByteBuffer buffer = ByteBuffer.allocate(v.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (float x : v) {
            buffer.putFloat(x);
        }
        return buffer.array();
    }

    /** The vector of little-endian float32 bytes; {@link IllegalArgumentException} unless length % 4 == 0 and all finite. */
    public static float[] fromBytes(byte[] bytes) {
        Objects.requireNonNull(bytes, "bytes");
        if (bytes.length % Float.BYTES != 0) {
            throw new IllegalArgumentException("a float32 vector has a multiple of 4 bytes, not " + bytes.length);
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        float[] v = new float[bytes.length / Float.BYTES];
        for (int i = 0; i < v.length; i++) {
            v[i] = buffer.getFloat();
            if (!Float.isFinite(v[i])) {
                throw new IllegalArgumentException("component " + i + " is not finite: " + v[i]);
            }
        }
        return v;
    }

    /** Standard Base64 (RFC 4648, padded) of {@link #toBytes}. */
    public static String toBase64(float[] v) {
        return Base64.getEncoder().encodeToString(toBytes(v));
    }

    /** The vector of standard Base64 text; {@link IllegalArgumentException} if it is not Base64 or as {@link #fromBytes}. */
    public static float[] fromBase64(String base64) {
        Objects.requireNonNull(base64, "base64");
        return fromBytes(Base64.getDecoder().decode(base64));
    }

    /** SHA-256 of {@code bytes}, lowercase hex (64 characters). */
    public static String sha256Hex(byte[] bytes) {
        Objects.requireNonNull(bytes, "bytes");
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
