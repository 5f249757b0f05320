package io.nhp.contracts.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nhp.contracts.Topic;
import io.nhp.contracts.Topics;
import io.nhp.contracts.serde.CompactSerdeContract;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;

class HeartbeatSerdeTest extends CompactSerdeContract<HeartbeatEvent> {

    private static final Instant T = Instant.parse("2026-12-07T02:30:00.123456789Z");
    private static final String TOPIC = Topics.DEVICES_HEARTBEATS.name();
    private final Serde<HeartbeatEvent> serde = Topics.DEVICES_HEARTBEATS.valueSerde();

    @Override
    protected Topic<String, HeartbeatEvent> topic() {
        return Topics.DEVICES_HEARTBEATS;
    }

    @Override
    protected List<HeartbeatEvent> samples() {
        return List.of(full(), bare());
    }

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
    void shouldRefuseANetworkCodeItDoesNotKnow() {
        byte[] bytes = serde.serializer().serialize(TOPIC, full());
        byte[] unknownNetwork = bytes.clone();
        unknownNetwork[bytes.length - 7] = 9; // from the end: thermal 1, cpuLoadPct 4, screenOff 1, then the network

        assertThatThrownBy(() -> serde.deserializer().deserialize(TOPIC, unknownNetwork))
                .isInstanceOf(SerializationException.class).hasMessageContaining("HeartbeatEvent");
    }
}
