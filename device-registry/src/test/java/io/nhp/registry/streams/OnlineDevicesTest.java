package io.nhp.registry.streams;

import static org.assertj.core.api.Assertions.assertThat;

import io.nhp.contracts.events.DeviceState;
import io.nhp.registry.domain.Liveness;
import io.nhp.registry.domain.LocalClock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OnlineDevicesTest {

    private static final OnlineDevices.LocalHours UTC = new OnlineDevices.LocalHours(null, LocalClock.UTC);

    private final OnlineDevices online = new OnlineDevices();

    @Test
    void shouldFindTheDevicesWhoseDeadlinePassedOnceEach() {
        heard("a", 100);
        heard("b", 200);
        heard("c", 300);

        assertThat(ids(online.due(250))).containsExactly("a", "b");
        assertThat(online.due(250)).isEmpty();
        assertThat(online.size()).isEqualTo(1);
        assertThat(online.get("a")).isNull();
    }

    @Test
    void shouldMoveADeviceHeardAgainToTheBackWithWhatItHoldsNow() {
        heard("a", 100);
        heard("b", 200);

        heard("a", 300);

        assertThat(ids(online.due(250))).containsExactly("b");
        List<OnlineDevices.Device> due = online.due(300);
        assertThat(ids(due)).containsExactly("a");
        assertThat(due.get(0).liveness().lastHeardAt()).isEqualTo(Instant.ofEpochMilli(250));
    }

    @Test
    void shouldLetADeviceBeReadAndViewedWithoutMovingIt() {
        heard("a", 100);
        heard("b", 200);

        assertThat(online.get("a").silentAtMs()).isEqualTo(100);
        assertThat(online.view("a")).isEqualTo(new OnlineDevices.Seen(Instant.ofEpochMilli(50), 100));
        assertThat(online.get("c")).isNull();
        assertThat(online.view("c")).isNull();

        assertThat(ids(online.due(150))).containsExactly("a");
    }

    @Test
    void shouldNotHoldDevicesHeardSinceBehindTheGraceOfRestoredOnes() {
        online.restored(List.of(Map.entry("r2", liveness(850)), Map.entry("r1", liveness(750))),
                device -> device.lastHeardAt().toEpochMilli() + 50);
        heard("a", 100);

        assertThat(ids(online.due(150))).containsExactly("a");
        assertThat(ids(online.due(850))).containsExactly("r1");
        assertThat(online.get("r2").silentAtMs()).isEqualTo(900);
        assertThat(online.get("r2").hours()).as("read from its registration at its next heartbeat").isNull();
        assertThat(online.get("r2").storedHeardAt()).isEqualTo(Instant.ofEpochMilli(850));
    }

    @Test
    void shouldMoveARestoredDeviceHeardAgainToTheDevicesHeard() {
        online.restored(List.of(Map.entry("r1", liveness(750))), device -> 800);
        heard("r1", 100);

        assertThat(online.size()).isEqualTo(1);
        assertThat(ids(online.due(150))).containsExactly("r1");
        assertThat(online.due(1_000)).isEmpty();
    }

    @Test
    void shouldTryTheDevicesNotToldFirstAtTheNextCheck() {
        heard("a", 100);
        heard("b", 200);
        List<OnlineDevices.Device> due = online.due(250);

        online.retry(due.subList(1, 2));

        assertThat(online.get("b")).isNotNull();
        assertThat(ids(online.due(250))).containsExactly("b");
        assertThat(online.size()).isZero();
    }

    @Test
    void shouldForgetTheHoursOfADeviceRegisteredAgain() {
        heard("a", 100);

        online.registeredAgain("a");
        online.registeredAgain("not-online");

        assertThat(online.get("a").hours()).isNull();
        assertThat(online.size()).isEqualTo(1);
    }

    @Test
    void shouldForgetARemovedDevice() {
        heard("a", 100);
        online.restored(List.of(Map.entry("r", liveness(150))), device -> 200);
        online.forget("a");
        online.forget("r");

        assertThat(online.due(1_000)).isEmpty();
        assertThat(online.size()).isZero();
    }

    /** Heard 50 ms before it falls silent. */
    private void heard(String deviceId, long silentAtMs) {
        Liveness liveness = liveness(silentAtMs - 50);
        online.heard(online.get(deviceId), deviceId, liveness, liveness.lastHeardAt(), UTC, silentAtMs);
    }

    private static Liveness liveness(long heardAtMs) {
        return new Liveness(Instant.ofEpochMilli(heardAtMs), Instant.ofEpochMilli(heardAtMs - 10), DeviceState.ELIGIBLE,
                List.of(), false, null);
    }

    private static List<String> ids(List<OnlineDevices.Device> devices) {
        return devices.stream().map(device -> device.id).toList();
    }
}
