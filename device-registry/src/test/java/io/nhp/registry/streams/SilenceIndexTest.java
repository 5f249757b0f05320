package io.nhp.registry.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SilenceIndexTest {

    private final SilenceIndex index = new SilenceIndex();

    @Test
    void shouldFindTheDevicesWhoseDeadlinePassedOnceEachWithTheirTimes() {
        index.heard("a", heard(100));
        index.heard("b", heard(200));
        index.heard("c", heard(300));

        assertThat(index.due(250)).containsExactly(Map.entry("a", heard(100)), Map.entry("b", heard(200)));
        assertThat(index.due(250)).isEmpty();
        assertThat(index.size()).isEqualTo(1);
    }

    @Test
    void shouldMoveADeviceHeardAgainToTheBack() {
        index.heard("a", heard(100));
        index.heard("b", heard(200));

        index.heard("a", heard(300));

        assertThat(keys(index.due(250))).containsExactly("b");
        assertThat(keys(index.due(300))).containsExactly("a");
    }

    @Test
    void shouldLetADeviceBeReadWithoutMovingIt() {
        index.heard("a", heard(100));
        index.heard("b", heard(200));

        assertThat(index.get("a")).isEqualTo(heard(100));
        assertThat(index.get("c")).isNull();

        assertThat(keys(index.due(150))).containsExactly("a");
    }

    @Test
    void shouldNotHoldDevicesHeardSinceBehindTheGraceOfRestoredOnes() {
        index.restored(List.of(Map.entry("r2", heard(900)), Map.entry("r1", heard(800))));
        index.heard("a", heard(100));

        assertThat(keys(index.due(150))).containsExactly("a");
        assertThat(keys(index.due(850))).containsExactly("r1");
        assertThat(index.get("r2")).isEqualTo(heard(900));
    }

    @Test
    void shouldMoveARestoredDeviceHeardAgainToTheDevicesHeard() {
        index.restored(List.of(Map.entry("r1", heard(800))));
        index.heard("r1", heard(100));

        assertThat(index.size()).isEqualTo(1);
        assertThat(index.due(150)).containsExactly(Map.entry("r1", heard(100)));
        assertThat(index.due(1_000)).isEmpty();
    }

    @Test
    void shouldForgetARemovedDevice() {
        index.heard("a", heard(100));
        index.restored(List.of(Map.entry("r", heard(200))));
        index.forget("a");
        index.forget("r");

        assertThat(index.due(1_000)).isEmpty();
        assertThat(index.size()).isZero();
    }

    private static SilenceIndex.Heard heard(long silentAtMs) {
        return new SilenceIndex.Heard(Instant.ofEpochMilli(silentAtMs - 50), Instant.ofEpochMilli(silentAtMs - 60),
                silentAtMs);
    }

    private static List<String> keys(List<Map.Entry<String, SilenceIndex.Heard>> entries) {
        return entries.stream().map(Map.Entry::getKey).toList();
    }
}
