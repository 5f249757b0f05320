package io.nhp.contracts.serde;

import java.io.DataOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/** The field codecs of {@link CompactSerde} values: each written to a stream, read back from a buffer. */
public final class CompactFields {

    private CompactFields() {
    }

    /**
     * An enum constant's fixed code: its index in {@code codes}, a table the serde keeps (append only), so that
     * reordering or adding constants never changes what stored bytes mean, as ordinals would.
     */
    public static <E> int code(E[] codes, E value) {
        for (int code = 0; code < codes.length; code++) {
            if (codes[code] == value) {
                return code;
            }
        }
        throw new IllegalArgumentException("no code for " + value + " (append it to the serde's table)");
    }

    /** Text that may be null: its UTF-8 length (-1 for null), then its bytes. */
    public static void writeString(DataOutputStream out, String value) throws IOException {
        if (value == null) {
            out.writeInt(-1);
        } else {
            // one intrinsic copy for the ASCII ids and hashes most fields hold; checking and writing them a char at
            // a time (DataOutputStream.writeBytes) was a quarter of job-broker's CPU at 3,000 jobs/s (JFR)
            byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
            out.writeInt(bytes.length);
            out.write(bytes);
        }
    }

    public static String readString(ByteBuffer in) {
        int length = in.getInt();
        if (length < 0) {
            return null;
        }
        String value = new String(in.array(), in.arrayOffset() + in.position(), length, StandardCharsets.UTF_8);
        in.position(in.position() + length);
        return value;
    }

    /** An instant that may be null: a flag, then seconds and nanos. */
    public static void writeInstant(DataOutputStream out, Instant value) throws IOException {
        out.writeBoolean(value != null);
        if (value != null) {
            out.writeLong(value.getEpochSecond());
            out.writeInt(value.getNano());
        }
    }

    public static Instant readInstant(ByteBuffer in) {
        return in.get() != 0 ? Instant.ofEpochSecond(in.getLong(), in.getInt()) : null;
    }

    /** A whole number that may be null: a flag, then the number. */
    public static void writeInteger(DataOutputStream out, Integer value) throws IOException {
        out.writeBoolean(value != null);
        if (value != null) {
            out.writeInt(value);
        }
    }

    public static Integer readInteger(ByteBuffer in) {
        return in.get() != 0 ? in.getInt() : null;
    }

    /** A number that may be null: a flag, then the double. */
    public static void writeDouble(DataOutputStream out, Double value) throws IOException {
        out.writeBoolean(value != null);
        if (value != null) {
            out.writeDouble(value);
        }
    }

    public static Double readDouble(ByteBuffer in) {
        return in.get() != 0 ? in.getDouble() : null;
    }

    /** An exact decimal: its scale and unscaled digits, so that nothing is rounded. */
    public static void writeDecimal(DataOutputStream out, BigDecimal value) throws IOException {
        byte[] unscaled = value.unscaledValue().toByteArray();
        out.writeInt(value.scale());
        out.writeShort(unscaled.length);
        out.write(unscaled);
    }

    public static BigDecimal readDecimal(ByteBuffer in) {
        int scale = in.getInt();
        byte[] unscaled = new byte[Short.toUnsignedInt(in.getShort())];
        in.get(unscaled);
        return new BigDecimal(new BigInteger(unscaled), scale);
    }
}
