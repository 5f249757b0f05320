package io.nhp.contracts.serde;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Map;
import java.util.function.Function;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A binary serde for values a service keeps in its own state stores (never on a topic another service reads),
 * where JSON's cost is paid on every read and write of the store: Kafka Streams' caches hold bytes, so a value
 * read and updated once per record is decoded and encoded once per record. The first byte is the format
 * ({@link #FORMAT}); a value that starts with {@code '{'} was written as JSON by an earlier version and is read as
 * JSON, so an existing store and its changelog stay readable. Anything else that cannot be read (too short, a length
 * or a code out of range, bytes left over) is a {@link SerializationException}, which the Streams handlers
 * dead-letter. The fields are written and read with {@link CompactFields}.
 */
public abstract class CompactSerde<T> implements Serde<T>, Serializer<T>, Deserializer<T> {

    /** The first byte of every value written here (JSON starts with '{', 0x7B). */
    public static final byte FORMAT = 1;

    private final Class<T> type;
    private final Deserializer<T> json;

    protected CompactSerde(Class<T> type) {
        this.type = type;
        this.json = new JsonSerde.JsonDeserializer<>(type);
    }

    /** Writes a value's fields. */
    @FunctionalInterface
    public interface Writer<T> {
        void write(T value, DataOutputStream out) throws IOException;
    }

    /** A serde of {@code type} from how its fields are written and read. */
    public static <T> CompactSerde<T> of(Class<T> type, Writer<T> writer, Function<ByteBuffer, T> reader) {
        return new CompactSerde<>(type) {
            @Override
            protected void write(T value, DataOutputStream out) throws IOException {
                writer.write(value, out);
            }

            @Override
            protected T read(ByteBuffer in) {
                return reader.apply(in);
            }
        };
    }

    /** The value's fields, after the format byte. */
    protected abstract void write(T value, DataOutputStream out) throws IOException;

    /** The value from its fields; may throw any runtime exception on bytes that do not hold one. */
    protected abstract T read(ByteBuffer in);

    @Override
    public byte[] serialize(String topic, T value) {
        if (value == null) {
            return null;
        }
        Buffer bytes = new Buffer(sizeHint);
        DataOutputStream out = new DataOutputStream(bytes);
        try {
            out.writeByte(FORMAT);
            write(value, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a byte array does not fail
        }
        sizeHint = Math.min(bytes.size(), MAX_HINT); // racy by design: a hint, any thread's value will do
        return bytes.take();
    }

    /**
     * How large a buffer to start a value in: the size of the last value written (up to {@value #MAX_HINT}), so that a
     * value costs about its bytes twice (the buffer, and the copy returned unless it filled the buffer exactly), not a
     * stream grown four or five times. Not a buffer kept per thread: a thread that outlives the application (a test's,
     * across Quarkus restarts) would keep the application's class loader, and all it holds, alive.
     */
    private int sizeHint = 128;
    private static final int MAX_HINT = 64 * 1024;

    /** A growable byte array, unsynchronized (one writer's). */
    protected static final class Buffer extends OutputStream {
        private byte[] buf;
        private int count;

        public Buffer(int initialSize) {
            buf = new byte[Math.max(16, initialSize)];
        }

        @Override
        public void write(int b) {
            if (count == buf.length) {
                grow(1);
            }
            buf[count++] = (byte) b;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            if (len > buf.length - count) {
                grow(len);
            }
            System.arraycopy(b, off, buf, count, len);
            count += len;
        }

        public void reset() {
            count = 0;
        }

        public int size() {
            return count;
        }

        public void writeTo(OutputStream out) throws IOException {
            out.write(buf, 0, count);
        }

        /** What was written, as an array of its own size. */
        public byte[] take() {
            return count == buf.length ? buf : Arrays.copyOf(buf, count);
        }

        private void grow(int more) {
            buf = Arrays.copyOf(buf, Math.max(2 * buf.length, count + more));
        }
    }

    @Override
    public T deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        if (data.length > 0 && data[0] == '{') {
            return json.deserialize(topic, data);
        }
        if (data.length == 0 || data[0] != FORMAT) {
            throw new SerializationException("value on " + topic + " is not a stored " + type.getSimpleName()
                    + ": format " + (data.length == 0 ? "missing" : Byte.toString(data[0])));
        }
        try {
            ByteBuffer in = ByteBuffer.wrap(data, 1, data.length - 1);
            T value = read(in);
            if (in.hasRemaining()) {
                throw new SerializationException(in.remaining() + " bytes after a stored " + type.getSimpleName()
                        + " on " + topic);
            }
            return value;
        } catch (SerializationException e) {
            throw e;
        } catch (RuntimeException e) { // too short, a length or a code out of range, a required field missing
            throw new SerializationException("value on " + topic + " is not a valid stored " + type.getSimpleName(), e);
        }
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        // nothing to configure
    }

    @Override
    public void close() {
        // nothing held
    }

    @Override
    public Serializer<T> serializer() {
        return this;
    }

    @Override
    public Deserializer<T> deserializer() {
        return this;
    }
}
