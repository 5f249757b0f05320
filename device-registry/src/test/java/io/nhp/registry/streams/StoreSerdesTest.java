package io.nhp.registry.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nhp.contracts.Topics;
import io.nhp.contracts.events.ActiveHours;
import io.nhp.contracts.events.DeviceRegisteredEvent;
import io.nhp.contracts.events.DeviceState;
import io.nhp.contracts.serde.JsonSerde;
import io.nhp.registry.domain.Liveness;
import io.nhp.registry.domain.Reason;
import java.time.Instant;
import java.time.LocalTime;
import java.util.Arrays;
import java.util.List;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;

class StoreSerdesTest {

    static final DeviceRegisteredEvent FULL = new DeviceRegisteredEvent("r-1", Instant.parse("2026-11-22T23:00:00.123456789Z"),
            "d-1", "xiaomi", "Xiaomi 14 Ultra™", "India", "o-ü-1", 34.0, 12, "india", false, "Asia/Kolkata",
            new ActiveHours(LocalTime.of(22, 0), LocalTime.of(7, 0, 0, 1)), "1.0.0", 3);
    static final DeviceRegisteredEvent SPARSE = new DeviceRegisteredEvent("r-2", Instant.parse("2026-11-22T23:00:00Z"),
            "d-2", "apple", "iPhone 16", "Latin America", "o-2", null, null, null, null, null, null, null, null);
    static final Liveness ONLINE = new Liveness(Instant.parse("2026-11-22T23:01:00.5Z"),
            Instant.parse("2026-11-22T23:00:59Z"), DeviceState.INELIGIBLE,
            List.of(Reason.OUTSIDE_ACTIVE_HOURS, Reason.COOLING_DOWN), false, Instant.parse("2026-11-22T23:05:00Z"));

    @Test
    void shouldReadBackEveryFieldOfARegistration() {
        assertThat(roundTrip(StoreSerdes.REGISTRATIONS, FULL)).isEqualTo(FULL);
        assertThat(roundTrip(StoreSerdes.REGISTRATIONS, SPARSE)).isEqualTo(SPARSE);
        assertThat(roundTrip(StoreSerdes.REGISTRATIONS,
                new DeviceRegisteredEvent("r", Instant.EPOCH, "d", "p", "m", "x", "o", -0.5, 0, "", true, "UTC", null,
                        "", Integer.MIN_VALUE))).extracting(DeviceRegisteredEvent::regionDefaulted).isEqualTo(true);
    }

    @Test
    void shouldReadBackEveryFieldOfALiveness() {
        assertThat(roundTrip(StoreSerdes.LIVENESS, ONLINE)).isEqualTo(ONLINE);
        assertThat(roundTrip(StoreSerdes.LIVENESS, Liveness.unheard())).isEqualTo(Liveness.unheard());
        Liveness everyReason = new Liveness(Instant.MIN, Instant.MAX, DeviceState.ELIGIBLE,
                Arrays.asList(Reason.values()), true, null);
        assertThat(roundTrip(StoreSerdes.LIVENESS, everyReason)).isEqualTo(everyReason);
    }

    @Test
    void shouldWriteCompactBinaryWithAFormatByte() {
        byte[] registration = StoreSerdes.REGISTRATIONS.serializer().serialize("devices", FULL);
        byte[] liveness = StoreSerdes.LIVENESS.serializer().serialize("liveness", ONLINE);
        assertThat(registration[0]).isEqualTo(StoreSerdes.FORMAT_1);
        assertThat(liveness[0]).isEqualTo(StoreSerdes.FORMAT_1);
        assertThat(registration.length)
                .isLessThan(new JsonSerde<>(DeviceRegisteredEvent.class).serializer().serialize("r", FULL).length);
        // the store holds a registration as its topic carries it
        assertThat(registration).isEqualTo(Topics.DEVICES_REGISTERED.valueSerde().serializer().serialize("r", FULL));
        assertThat(liveness.length).isLessThan(new JsonSerde<>(Liveness.class).serializer().serialize("l", ONLINE).length);
        assertThat(StoreSerdes.LIVENESS.serializer().serialize("liveness", null)).isNull();
        assertThat(StoreSerdes.LIVENESS.deserializer().deserialize("liveness", null)).isNull();
    }

    @Test
    void shouldStillReadTheJsonValuesEarlierVersionsStored() {
        // what the stores and their changelogs held before: the topic's JSON registration, Liveness as JSON
        byte[] registration = Topics.DEVICES_REGISTERED.valueSerde().serializer().serialize("devices", FULL);
        byte[] liveness = new JsonSerde<>(Liveness.class).serializer().serialize("liveness", ONLINE);

        assertThat(StoreSerdes.REGISTRATIONS.deserializer().deserialize("devices", registration)).isEqualTo(FULL);
        assertThat(StoreSerdes.LIVENESS.deserializer().deserialize("liveness", liveness)).isEqualTo(ONLINE);
    }

    @Test
    void shouldRefuseBytesItCannotRead() {
        byte[] valid = StoreSerdes.LIVENESS.serializer().serialize("liveness", ONLINE);
        byte[] truncated = Arrays.copyOf(valid, valid.length - 3);
        byte[] longer = Arrays.copyOf(valid, valid.length + 1);
        for (byte[] bad : List.of(new byte[0], new byte[] {7, 1, 2}, truncated, longer)) {
            assertThatThrownBy(() -> StoreSerdes.LIVENESS.deserializer().deserialize("liveness", bad))
                    .isInstanceOf(SerializationException.class);
        }
        byte[] unknownState = valid.clone();
        unknownState[1 + 13 + 13] = 9; // after the format byte and two instants (flag, seconds, nanos)
        assertThatThrownBy(() -> StoreSerdes.LIVENESS.deserializer().deserialize("liveness", unknownState))
                .isInstanceOf(SerializationException.class);
    }

    private static <T> T roundTrip(Serde<T> serde, T value) {
        return serde.deserializer().deserialize("store", serde.serializer().serialize("store", value));
    }
}
