package io.nhp.registry.streams;

import io.nhp.contracts.events.ActiveHours;
import io.nhp.contracts.events.DeviceRegisteredEvent;
import io.nhp.contracts.events.DeviceState;
import io.nhp.contracts.serde.JsonSerde;
import io.nhp.registry.domain.Liveness;
import io.nhp.registry.domain.Reason;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Compact binary values for the processor's own stores ({@code devices}, {@code liveness}) and their changelogs:
 * every heartbeat reads both, and JSON decoding was most of a stream thread's time. The stores keep their value
 * types ({@link DeviceRegisteredEvent}, {@link Liveness}), so interactive queries read them as before; only the bytes
 * change. Each value starts with a format byte ({@link #FORMAT_1}); a value starting with {@code '{'} is the JSON these
 * stores held before, still read, so a store or changelog written by an earlier version restores and works (its
 * values turn binary as they are rewritten). Enum constants are written as fixed codes, never as ordinals of the
 * enum as declared, so that adding a constant cannot change what stored bytes mean.
 */
final class StoreSerdes {

    /** The first binary format. */
    static final byte FORMAT_1 = 1;
    private static final byte JSON = '{';

    /** State codes: index = code. Append only. */
    private static final DeviceState[] STATES = {DeviceState.OFFLINE, DeviceState.INELIGIBLE, DeviceState.ELIGIBLE};
    /** Reason codes: index = code. Append only. */
    private static final Reason[] REASONS = {Reason.OFFLINE, Reason.NOT_CHARGING, Reason.METERED_NETWORK,
            Reason.SCREEN_ON, Reason.LOW_BATTERY, Reason.TOO_HOT, Reason.OUTSIDE_ACTIVE_HOURS, Reason.COOLING_DOWN};

    static final Serde<DeviceRegisteredEvent> REGISTRATIONS = Serdes.serdeFrom(
            new Writer<>(StoreSerdes::writeRegistration),
            new Reader<>(DeviceRegisteredEvent.class, StoreSerdes::readRegistration));

    static final Serde<Liveness> LIVENESS = Serdes.serdeFrom(
            new Writer<>(StoreSerdes::writeLiveness),
            new Reader<>(Liveness.class, StoreSerdes::readLiveness));

    private StoreSerdes() {
    }

    private static void writeRegistration(DeviceRegisteredEvent r, DataOutputStream out) throws IOException {
        writeString(out, r.eventId());
        writeInstant(out, r.eventTime());
        writeString(out, r.deviceId());
        writeString(out, r.partner());
        writeString(out, r.model());
        writeString(out, r.market());
        writeString(out, r.ownerId());
        out.writeBoolean(r.tops() != null);
        if (r.tops() != null) {
            out.writeDouble(r.tops());
        }
        writeInteger(out, r.ramGb());
        writeString(out, r.region());
        out.writeByte(r.regionDefaulted() == null ? 0 : r.regionDefaulted() ? 2 : 1);
        writeString(out, r.timeZone());
        out.writeBoolean(r.activeHours() != null);
        if (r.activeHours() != null) {
            out.writeLong(r.activeHours().start().toNanoOfDay());
            out.writeLong(r.activeHours().end().toNanoOfDay());
        }
        writeString(out, r.agentVersion());
        writeInteger(out, r.credentialVersion());
    }

    private static DeviceRegisteredEvent readRegistration(ByteBuffer in) {
        String eventId = readString(in);
        Instant eventTime = readInstant(in);
        String deviceId = readString(in);
        String partner = readString(in);
        String model = readString(in);
        String market = readString(in);
        String ownerId = readString(in);
        Double tops = in.get() != 0 ? in.getDouble() : null;
        Integer ramGb = readInteger(in);
        String region = readString(in);
        byte defaulted = in.get();
        Boolean regionDefaulted = defaulted == 0 ? null : defaulted == 2;
        String timeZone = readString(in);
        ActiveHours activeHours = in.get() != 0
                ? new ActiveHours(LocalTime.ofNanoOfDay(in.getLong()), LocalTime.ofNanoOfDay(in.getLong())) : null;
        String agentVersion = readString(in);
        Integer credentialVersion = readInteger(in);
        return new DeviceRegisteredEvent(eventId, eventTime, deviceId, partner, model, market, ownerId, tops, ramGb,
                region, regionDefaulted, timeZone, activeHours, agentVersion, credentialVersion);
    }

    private static void writeLiveness(Liveness l, DataOutputStream out) throws IOException {
        writeInstant(out, l.lastHeardAt());
        writeInstant(out, l.lastMeasuredAt());
        out.writeByte(code(STATES, l.state()));
        out.writeByte(l.reasons().size());
        for (Reason reason : l.reasons()) {
            out.writeByte(code(REASONS, reason));
        }
        out.writeBoolean(l.suspended());
        writeInstant(out, l.cooldownUntil());
    }

    private static Liveness readLiveness(ByteBuffer in) {
        Instant lastHeardAt = readInstant(in);
        Instant lastMeasuredAt = readInstant(in);
        DeviceState state = STATES[in.get()];
        int count = in.get();
        List<Reason> reasons = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            reasons.add(REASONS[in.get()]);
        }
        boolean suspended = in.get() != 0;
        Instant cooldownUntil = readInstant(in);
        return new Liveness(lastHeardAt, lastMeasuredAt, state, reasons, suspended, cooldownUntil);
    }

    private static <E> int code(E[] codes, E value) {
        for (int i = 0; i < codes.length; i++) {
            if (codes[i] == value) {
                return i;
            }
        }
        throw new IllegalArgumentException("no store code for " + value);
    }

    private static void writeString(DataOutputStream out, String value) throws IOException {
        if (value == null) {
            out.writeInt(-1);
        } else {
            byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
            out.writeInt(bytes.length);
            out.write(bytes);
        }
    }

    private static String readString(ByteBuffer in) {
        int length = in.getInt();
        if (length < 0) {
            return null;
        }
        String value = new String(in.array(), in.arrayOffset() + in.position(), length, StandardCharsets.UTF_8);
        in.position(in.position() + length);
        return value;
    }

    private static void writeInstant(DataOutputStream out, Instant value) throws IOException {
        out.writeBoolean(value != null);
        if (value != null) {
            out.writeLong(value.getEpochSecond());
            out.writeInt(value.getNano());
        }
    }

    private static Instant readInstant(ByteBuffer in) {
        return in.get() != 0 ? Instant.ofEpochSecond(in.getLong(), in.getInt()) : null;
    }

    private static void writeInteger(DataOutputStream out, Integer value) throws IOException {
        out.writeBoolean(value != null);
        if (value != null) {
            out.writeInt(value);
        }
    }

    private static Integer readInteger(ByteBuffer in) {
        return in.get() != 0 ? in.getInt() : null;
    }

    private interface Encoder<T> {
        void write(T value, DataOutputStream out) throws IOException;
    }

    private interface Decoder<T> {
        T read(ByteBuffer in);
    }

    private static final class Writer<T> implements Serializer<T> {
        private final Encoder<T> encoder;

        Writer(Encoder<T> encoder) {
            this.encoder = encoder;
        }

        @Override
        public byte[] serialize(String topic, T data) {
            if (data == null) {
                return null;
            }
            var bytes = new ByteArrayOutputStream(160);
            try (var out = new DataOutputStream(bytes)) {
                out.writeByte(FORMAT_1);
                encoder.write(data, out);
            } catch (IOException e) {
                throw new UncheckedIOException(e); // a ByteArrayOutputStream does not throw
            }
            return bytes.toByteArray();
        }
    }

    private static final class Reader<T> implements Deserializer<T> {
        private final Class<T> type;
        private final Decoder<T> decoder;
        private final Deserializer<T> json;

        Reader(Class<T> type, Decoder<T> decoder) {
            this.type = type;
            this.decoder = decoder;
            this.json = new JsonSerde<>(type).deserializer();
        }

        @Override
        public T deserialize(String topic, byte[] data) {
            if (data == null) {
                return null;
            }
            if (data.length > 0 && data[0] == JSON) {
                return json.deserialize(topic, data);
            }
            if (data.length == 0 || data[0] != FORMAT_1) {
                throw new SerializationException("value on " + topic + " is not a stored " + type.getSimpleName()
                        + ": format " + (data.length == 0 ? "missing" : Byte.toString(data[0])));
            }
            try {
                ByteBuffer in = ByteBuffer.wrap(data, 1, data.length - 1);
                T value = decoder.read(in);
                if (in.hasRemaining()) {
                    throw new SerializationException(in.remaining() + " bytes after a stored " + type.getSimpleName()
                            + " on " + topic);
                }
                return value;
            } catch (SerializationException e) {
                throw e;
            } catch (RuntimeException e) { // too short, a code or a time out of range, a required field missing
                throw new SerializationException("value on " + topic + " is not a valid stored "
                        + type.getSimpleName(), e);
            }
        }
    }
}
