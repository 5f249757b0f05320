package io.nhp.contracts.events;

import io.nhp.contracts.Topic;
import io.nhp.contracts.Topics;
import io.nhp.contracts.serde.CompactSerdeContract;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

class StatusSerdeTest extends CompactSerdeContract<DeviceStatusEvent> {

    private static final Instant T = Instant.parse("2026-12-07T06:10:00.123456789Z");

    @Override
    protected Topic<String, DeviceStatusEvent> topic() {
        return Topics.DEVICES_STATUS;
    }

    /** Every field first, then only the required ones (a first status: no previous state), then every transition. */
    @Override
    protected List<DeviceStatusEvent> samples() {
        List<DeviceStatusEvent> samples = new ArrayList<>(List.of(
                new DeviceStatusEvent("s-1", T, "d-1", "xiaomi", "o-ü-1", "india", "Xiaomi 14 Ultra™", 34.0, 12,
                        DeviceState.ELIGIBLE, DeviceState.INELIGIBLE, List.of("NOT_CHARGING", "TOO_HOT"),
                        T.minusSeconds(30)),
                new DeviceStatusEvent("s-2", T, "d-2", "apple", null, null, null, null, null, null,
                        DeviceState.OFFLINE, null, null)));
        for (DeviceState from : DeviceState.values()) {
            for (DeviceState to : DeviceState.values()) {
                samples.add(new DeviceStatusEvent("s", T, "d", "p", "o", "r", "m", 1.5, 4, from, to, List.of(), T));
            }
        }
        return samples;
    }
}
