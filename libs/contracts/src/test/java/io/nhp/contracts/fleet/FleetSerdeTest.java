package io.nhp.contracts.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nhp.contracts.serde.CompactSerde;
import io.nhp.contracts.serde.JsonSerde;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class FleetSerdeTest {

    private final FleetSerde serde = new FleetSerde();

    @Test
    void readsBackExactlyWhatItWrote() {
        Random random = new Random(5);
        for (int i = 0; i < 2_000; i++) {
            Fleet fleet = randomFleet(random);

            byte[] bytes = serde.serialize("t", fleet);

            assertThat(bytes[0]).isEqualTo(CompactSerde.FORMAT);
            assertThat(serde.deserialize("t", bytes)).isEqualTo(fleet);
        }
        assertThat(serde.deserialize("t", serde.serialize("t", Fleet.empty()))).isEqualTo(Fleet.empty());
    }

    @Test
    void readsAFleetAnEarlierVersionWroteAsJson() {
        Fleet fleet = randomFleet(new Random(9));

        byte[] json = new JsonSerde.JsonSerializer<Fleet>().serialize("t", fleet);

        assertThat(serde.deserialize("t", json)).isEqualTo(fleet);
    }

    @Test
    void refusesBytesOfNoKnownFormatOrCutShort() {
        byte[] whole = serde.serialize("t", randomFleet(new Random(3)));
        byte[] cut = java.util.Arrays.copyOf(whole, whole.length - 3);

        assertThatThrownBy(() -> serde.deserialize("t", new byte[] {7, 1, 2})).isInstanceOf(SerializationException.class);
        assertThatThrownBy(() -> serde.deserialize("t", cut)).isInstanceOf(SerializationException.class);
        assertThatThrownBy(() -> serde.deserialize("t", new byte[0])).isInstanceOf(SerializationException.class);
    }

    private static Fleet randomFleet(Random random) {
        Map<String, FleetCounts> regions = new TreeMap<>();
        int count = random.nextInt(12);
        for (int r = 0; r < count; r++) {
            regions.put("region-" + random.nextInt(40) + (random.nextBoolean() ? "-é" : ""), counts(random));
        }
        Instant asOf = random.nextInt(5) == 0 ? null
                : Instant.ofEpochSecond(random.nextLong(0, 4_000_000_000L), random.nextInt(1_000_000_000));
        return new Fleet(counts(random), regions, asOf);
    }

    private static FleetCounts counts(Random random) {
        return new FleetCounts(random.nextLong(0, 1_000_000_000L), random.nextLong(0, 1_000_000),
                random.nextLong(0, 1_000_000), new BigDecimal(random.nextLong(0, Long.MAX_VALUE / 2)).movePointLeft(
                        random.nextInt(0, 6)));
    }

    @Test
    void readsBackADeviceExactlyAsItWasWritten() {
        FleetDeviceSerde devices = new FleetDeviceSerde();
        Random random = new Random(6);
        for (int i = 0; i < 500; i++) {
            FleetDevice device = new FleetDevice("partner-" + random.nextInt(5) + (random.nextBoolean() ? "/é" : ""),
                    random.nextInt(4) == 0 ? null : "region-" + random.nextInt(9), random.nextBoolean(),
                    random.nextBoolean(), random.nextInt(4) == 0 ? null : random.nextDouble() * 100);

            assertThat(devices.deserialize("t", devices.serialize("t", device))).isEqualTo(device);
        }
    }
}
