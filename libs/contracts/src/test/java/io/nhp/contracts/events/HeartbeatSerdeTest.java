package io.nhp.contracts.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nhp.contracts.Topics;
import io.nhp.contracts.serde.JsonSerde;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;

class HeartbeatSerdeTest {

    private static final Instant T = Instant.parse("2026-12-07T02:30:00.123456789Z");
    private static final String TOPIC = Topics.DEVICES_HEARTBEATS.name();
    private final Serde<HeartbeatEvent> serde = Topics.DEVICES_HEARTBEATS.valueSerde();

    static HeartbeatEvent full() {
        return new HeartbeatEvent("0b3f6c1e-9a1d-4c3e-8f0e-5d2a7b9c1e44", T, T.plusMillis(40),
                "9f1c2d3e-4b5a-6789-0abc-def012345678", "xiaomi", true, 80, 31.5, NetworkType.WIFI, true, 5,
                ThermalStatus.LIGHT);
    }

    /** Without the optional fields, and a partner name that is not ASCII. */
    static HeartbeatEvent bare() {
        return new HeartbeatEvent("e2", T, T, "d-é", "honor✓", false, 0, -10.25, NetworkType.CELLULAR, false, null,
                null);
    }

    @Test
    void shouldReadBackEveryFieldOfWhatItWrote() {
        for (HeartbeatEvent heartbeat : List.of(full(), bare())) {
            byte[] bytes = serde.serializer().serialize(TOPIC, heartbeat);

            assertThat(serde.deserializer().deserialize(TOPIC, bytes)).isEqualTo(heartbeat);
        }
    }

    @Test
    void shouldReadBackEveryNetworkAndThermalStatus() {
        for (NetworkType network : NetworkType.values()) {
            for (ThermalStatus thermal : ThermalStatus.values()) {
                HeartbeatEvent heartbeat = new HeartbeatEvent("e", T, T, "d", "p", true, 50, 30.0, network, true, 0,
                        thermal);

                assertThat(serde.deserializer().deserialize(TOPIC, serde.serializer().serialize(TOPIC, heartbeat)))
                        .isEqualTo(heartbeat);
            }
        }
    }

    @Test
    void shouldWriteLessThanHalfOfWhatJsonTook() {
        byte[] json = new JsonSerde.JsonSerializer<HeartbeatEvent>().serialize(TOPIC, full());

        assertThat(serde.serializer().serialize(TOPIC, full())).hasSizeLessThan(json.length / 2);
    }

    @Test
    void shouldReadHeartbeatsEarlierVersionsWroteAsJson() {
        byte[] json = new JsonSerde.JsonSerializer<HeartbeatEvent>().serialize(TOPIC, full());

        assertThat(serde.deserializer().deserialize(TOPIC, json)).isEqualTo(full());
    }

    @Test
    void shouldSkipFieldsANewerVersionAppended() {
        byte[] bytes = serde.serializer().serialize(TOPIC, full());
        byte[] newer = ByteBuffer.allocate(bytes.length + 9).put(bytes).put((byte) 1).putLong(42).array();

        assertThat(serde.deserializer().deserialize(TOPIC, newer)).isEqualTo(full());
    }

    @Test
    void shouldRefuseBytesThatHoldNoHeartbeat() {
        byte[] bytes = serde.serializer().serialize(TOPIC, full());
        byte[] unknownNetwork = bytes.clone();
        unknownNetwork[bytes.length - 7] = 9; // from the end: thermal 1, cpuLoadPct 4, screenOff 1, then the network

        for (byte[] corrupt : List.of(Arrays.copyOf(bytes, bytes.length / 2), new byte[] {1, 0, 0, 0},
                new byte[] {7, 1, 2}, new byte[0], unknownNetwork)) {
            assertThatThrownBy(() -> serde.deserializer().deserialize(TOPIC, corrupt))
                    .isInstanceOf(SerializationException.class).hasMessageContaining("HeartbeatEvent");
        }
    }
}
