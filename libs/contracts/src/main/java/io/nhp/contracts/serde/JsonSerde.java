package io.nhp.contracts.serde;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/** Kafka serde for one event record type, as UTF-8 JSON through {@link Json#MAPPER}. */
public class JsonSerde<T> implements Serde<T> {

    private final Class<T> type;

    public JsonSerde(Class<T> type) {
        this.type = type;
    }

    @Override
    public Serializer<T> serializer() {
        return new JsonSerializer<>();
    }

    @Override
    public Deserializer<T> deserializer() {
        return new JsonDeserializer<>(type);
    }

    /** Writes any record as JSON; null stays null (a tombstone on a compacted topic). */
    public static class JsonSerializer<T> implements Serializer<T> {
        @Override
        public byte[] serialize(String topic, T data) {
            if (data == null) {
                return null;
            }
            try {
                return Json.MAPPER.writeValueAsBytes(data);
            } catch (IOException e) {
                throw new SerializationException("cannot write " + data.getClass().getSimpleName() + " to " + topic, e);
            }
        }
    }

    /**
     * Reads one record type. A messaging channel does not configure it by class name: it takes the bytes and reads
     * them by the topic's serdes ({@code UnreadableRecords} in service-support), so an unreadable record is
     * dead-lettered rather than failing the channel.
     */
    public static class JsonDeserializer<T> implements Deserializer<T> {
        private final Class<T> type;

        public JsonDeserializer(Class<T> type) {
            this.type = type;
        }

        @Override
        public T deserialize(String topic, byte[] data) {
            if (data == null) {
                return null;
            }
            try {
                return Json.MAPPER.readValue(data, type);
            } catch (JsonProcessingException e) {
                throw invalid(topic, e.getOriginalMessage(), e);
            } catch (IOException e) {
                throw invalid(topic, e.getMessage(), e);
            }
        }

        private SerializationException invalid(String topic, String why, Exception cause) {
            return new SerializationException("record on " + topic + " is not a valid " + type.getSimpleName() + ": " + why, cause);
        }
    }
}
