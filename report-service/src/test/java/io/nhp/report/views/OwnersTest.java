package io.nhp.report.views;

import static org.assertj.core.api.Assertions.assertThat;

import io.nhp.contracts.events.DeviceState;
import io.nhp.contracts.events.DeviceStatusEvent;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class OwnersTest {

    private static final Instant AT = Instant.parse("2026-11-23T03:00:00Z");
    private final Owners owners = new Owners();

    private static DeviceStatusEvent status(String device, String owner, DeviceState state, List<String> reasons,
                                            Instant heard) {
        return new DeviceStatusEvent("e-" + device + state, AT, device, "xiaomi", owner, "india", "Xiaomi 14", 45.0, 12,
                null, state, reasons, heard);
    }

    @Test
    void anOwnerSeesEachOfTheirDevicesLatestStatus() {
        owners.status(status("d-1", "o-1", DeviceState.OFFLINE, List.of("OFFLINE"), null));
        owners.status(status("d-2", "o-1", DeviceState.INELIGIBLE, List.of("SCREEN_ON"), AT));
        owners.status(status("d-1", "o-1", DeviceState.ELIGIBLE, List.of(), AT.plusSeconds(60)));
        owners.status(status("d-3", "o-2", DeviceState.INELIGIBLE, List.of("NOT_CHARGING"), AT));

        List<Owners.Device> devices = owners.owner("o-1").orElseThrow();

        assertThat(devices).extracting(Owners.Device::deviceId).containsExactly("d-1", "d-2");
        assertThat(devices.get(0).state()).isEqualTo("ELIGIBLE");
        assertThat(devices.get(0).reasons()).isEmpty();
        assertThat(devices.get(0).lastHeartbeatAt()).isEqualTo(AT.plusSeconds(60));
        assertThat(devices.get(1).reasons()).containsExactly("SCREEN_ON");
        assertThat(owners.owner("o-2").orElseThrow()).extracting(Owners.Device::deviceId).containsExactly("d-3");
        assertThat(owners.owner("o-3")).isEmpty();
    }

    @Test
    void aDeviceThatChangesHandsLeavesItsFormerOwner() {
        owners.status(status("d-1", "o-1", DeviceState.INELIGIBLE, List.of("SCREEN_ON"), AT));
        owners.status(status("d-1", "o-2", DeviceState.INELIGIBLE, List.of("SCREEN_ON"), AT));

        assertThat(owners.owner("o-1")).isEmpty();
        assertThat(owners.owner("o-2").orElseThrow()).extracting(Owners.Device::deviceId).containsExactly("d-1");
    }

    @Test
    void aDeviceNeverHeardHasNoLastHeartbeat() {
        owners.status(status("d-1", "o-1", DeviceState.OFFLINE, List.of("OFFLINE"), null));

        assertThat(owners.owner("o-1").orElseThrow().get(0).lastHeartbeatAt()).isNull();
    }
}
