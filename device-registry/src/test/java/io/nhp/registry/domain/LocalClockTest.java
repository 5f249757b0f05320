package io.nhp.registry.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LocalClockTest {

    @Test
    void shouldGiveTheLocalTimeOfDayZonedDateTimeGivesInEveryZone() {
        Random random = new Random(22);
        long from = Instant.parse("1990-01-01T00:00:00Z").getEpochSecond();
        long to = Instant.parse("2060-01-01T00:00:00Z").getEpochSecond();
        for (String name : ZoneId.getAvailableZoneIds()) {
            LocalClock clock = LocalClock.of(name);
            long second = from + (long) (random.nextDouble() * (to - from));
            for (int i = 0; i < 200; i++) {
                // mostly forwards a few minutes to a few weeks (as heartbeats go), sometimes back, sometimes anywhere
                second = switch (random.nextInt(10)) {
                    case 0 -> from + (long) (random.nextDouble() * (to - from));
                    case 1 -> second - random.nextInt(86_400);
                    case 2 -> second - random.nextInt(3 * 604_800);
                    default -> second + random.nextInt(3 * 604_800);
                };
                Instant instant = Instant.ofEpochSecond(second, random.nextInt(1_000_000_000));
                assertThat(clock.nanoOfDay(instant)).as("%s at %s", name, instant)
                        .isEqualTo(instant.atZone(clock.zone()).toLocalTime().toNanoOfDay());
            }
        }
    }

    @Test
    void shouldBeRightOnEitherSideOfATransitionWhateverTheOrder() {
        LocalClock berlin = LocalClock.of("Europe/Berlin");
        Instant change = Instant.parse("2026-03-29T01:00:00Z"); // 02:00 CET becomes 03:00 CEST
        for (Instant instant : List.of(change.plusSeconds(1), change.minusNanos(1), change, change.minusSeconds(3600),
                change.plusSeconds(7200), change.minusNanos(1), change.minusSeconds(1), change.plusNanos(1),
                Instant.parse("2026-10-25T00:59:59Z"), Instant.parse("2026-10-25T01:00:00Z"), change)) {
            assertThat(berlin.nanoOfDay(instant)).as("%s", instant)
                    .isEqualTo(instant.atZone(berlin.zone()).toLocalTime().toNanoOfDay());
        }
    }

    @Test
    void shouldReadNoZoneAsUtcAndRefuseAnUnknownOne() {
        assertThat(LocalClock.of(null)).isSameAs(LocalClock.UTC);
        assertThat(LocalClock.UTC.zone()).isEqualTo(ZoneOffset.UTC);
        Instant instant = Instant.parse("2026-11-22T23:00:00.5Z");
        assertThat(LocalClock.UTC.nanoOfDay(instant)).isEqualTo(23 * 3_600_000_000_000L + 500_000_000L);
        assertThat(LocalClock.of("Asia/Kolkata")).isSameAs(LocalClock.of("Asia/Kolkata"));
        assertThatThrownBy(() -> LocalClock.of("Mars/Olympus_Mons")).isInstanceOf(DateTimeException.class);
    }
}
