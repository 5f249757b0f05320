package io.nhp.contracts.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import io.nhp.contracts.events.DeviceState;
import io.nhp.contracts.events.DeviceStatusEvent;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class FleetTest {

    private static final Instant T = Instant.parse("2026-11-23T05:00:00Z");

    private static DeviceStatusEvent status(String device, Instant at) {
        return new DeviceStatusEvent("e-" + device, at, device, "xiaomi", "o-1", "india", "Xiaomi 14", 45.0, 12, null,
                DeviceState.ELIGIBLE, List.of(), at);
    }

    @Test
    void asOfIsTheLatestStatusCountedEvenWhenStatusesArriveOutOfOrder() {
        Fleet fleet = Fleet.empty().plus(status("d1", T.plusSeconds(10))).plus(status("d2", T));

        assertThat(fleet.asOf()).isEqualTo(T.plusSeconds(10));
        assertThat(fleet.total().eligible()).isEqualTo(2);
        assertThat(fleet.plus(status("d3", T.plusSeconds(20))).asOf()).isEqualTo(T.plusSeconds(20));
    }
}
