package io.nhp.contracts.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nhp.contracts.Topic;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;

/**
 * What every topic in {@link CompactSerde}'s binary form promises its readers, whatever its record: each field
 * read back, less than half of the JSON, the JSON of earlier versions still read, fields a newer version appends
 * skipped, and bytes that hold no record refused as such. A test of a topic's serde extends this with its samples.
 */
public abstract class CompactSerdeContract<T> {

    /** The topic whose serde is tested. */
    protected abstract Topic<String, T> topic();

    /** Records with every field first, then with only the required ones, and any other shape worth a round trip. */
    protected abstract List<T> samples();

    private Serde<T> serde() {
        return topic().valueSerde();
    }

    private byte[] write(T value) {
        return serde().serializer().serialize(topic().name(), value);
    }

    private T read(byte[] bytes) {
        return serde().deserializer().deserialize(topic().name(), bytes);
    }

    private byte[] json(T value) {
        return new JsonSerde.JsonSerializer<T>().serialize(topic().name(), value);
    }

    @Test
    void shouldReadBackEveryFieldOfWhatItWrote() {
        for (T value : samples()) {
            byte[] bytes = write(value);

            assertThat(bytes[0]).isEqualTo(CompactSerde.FORMAT);
            assertThat(read(bytes)).isEqualTo(value);
        }
    }

    @Test
    void shouldWriteLessThanHalfOfWhatJsonTook() {
        T full = samples().get(0);

        assertThat(write(full)).hasSizeLessThan(json(full).length / 2);
    }

    @Test
    void shouldReadWhatEarlierVersionsWroteAsJson() {
        for (T value : samples()) {
            assertThat(read(json(value))).isEqualTo(value);
        }
    }

    @Test
    void shouldSkipFieldsANewerVersionAppended() {
        T full = samples().get(0);
        byte[] bytes = write(full);
        byte[] newer = ByteBuffer.allocate(bytes.length + 9).put(bytes).put((byte) 1).putLong(42).array();

        assertThat(read(newer)).isEqualTo(full);
    }

    @Test
    void shouldRefuseBytesThatHoldNoRecord() {
        byte[] bytes = write(samples().get(0));
        String type = samples().get(0).getClass().getSimpleName();

        for (byte[] corrupt : List.of(Arrays.copyOf(bytes, bytes.length / 2), new byte[] {1, 0, 0, 0},
                new byte[] {7, 1, 2}, new byte[0])) {
            assertThatThrownBy(() -> read(corrupt)).isInstanceOf(SerializationException.class)
                    .hasMessageContaining(type);
        }
    }
}
