package io.nhp.contracts.serde;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInput;
import java.io.DataInputStream;
import java.io.DataOutput;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A binary serde for values a service keeps in its own state stores (never on a topic another service reads),
 * where JSON's cost is paid on every read and write of the store: Kafka Streams' caches hold bytes, so an aggregate
 * updated once per record is decoded and encoded once per record. The first byte is the format ({@link #FORMAT});
 * a value that starts with {@code '{'} was written as JSON by an earlier version and is read as JSON, so an existing
 * store and its changelog stay readable.
 */
public abstract class CompactSerde<T> implements Serde<T>, Serializer<T>, Deserializer<T> {

    /** The first byte of every value written here (JSON starts with '{', 0x7B). */
    public static final byte FORMAT = 1;

    private final Class<T> type;

    protected CompactSerde(Class<T> type) {
        this.type = type;
    }

    protected abstract void write(T value, DataOutput out) throws IOException;

    protected abstract T read(DataInput in) throws IOException;

    @Override
    public byte[] serialize(String topic, T value) {
        if (value == null) {
            return null;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(128);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(FORMAT);
            write(value, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a byte array does not fail
        }
        return bytes.toByteArray();
    }

    @Override
    public T deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        if (data.length > 0 && data[0] == '{') {
            return new JsonSerde.JsonDeserializer<>(type).deserialize(topic, data);
        }
        if (data.length == 0 || data[0] != FORMAT) {
            throw new SerializationException("not a " + type.getSimpleName() + " of a known format ("
                    + (data.length == 0 ? "empty" : "first byte " + data[0]) + ")");
        }
        try {
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(data, 1, data.length - 1));
            T value = read(in);
            if (in.available() > 0) {
                throw new SerializationException(in.available() + " bytes after a " + type.getSimpleName());
            }
            return value;
        } catch (IOException | RuntimeException e) {
            throw e instanceof SerializationException s ? s
                    : new SerializationException("cannot read a " + type.getSimpleName(), e);
        }
    }

    @Override
    public void close() {
        // nothing held
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        // nothing to configure
    }

    @Override
    public Serializer<T> serializer() {
        return this;
    }

    @Override
    public Deserializer<T> deserializer() {
        return this;
    }

    /** An instant that may be null: a flag, then seconds and nanos. */
    protected static void writeInstant(Instant instant, DataOutput out) throws IOException {
        out.writeBoolean(instant != null);
        if (instant != null) {
            out.writeLong(instant.getEpochSecond());
            out.writeInt(instant.getNano());
        }
    }

    protected static Instant readInstant(DataInput in) throws IOException {
        return in.readBoolean() ? Instant.ofEpochSecond(in.readLong(), in.readInt()) : null;
    }

    /** An exact decimal: its scale and unscaled digits, so that nothing is rounded. */
    protected static void writeDecimal(BigDecimal value, DataOutput out) throws IOException {
        byte[] unscaled = value.unscaledValue().toByteArray();
        out.writeInt(value.scale());
        out.writeShort(unscaled.length);
        out.write(unscaled);
    }

    protected static BigDecimal readDecimal(DataInput in) throws IOException {
        int scale = in.readInt();
        byte[] unscaled = new byte[in.readUnsignedShort()];
        in.readFully(unscaled);
        return new BigDecimal(new BigInteger(unscaled), scale);
    }
}
