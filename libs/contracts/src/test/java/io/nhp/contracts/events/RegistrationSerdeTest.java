package io.nhp.contracts.events;

import io.nhp.contracts.Topic;
import io.nhp.contracts.Topics;
import io.nhp.contracts.serde.CompactSerdeContract;
import java.time.Instant;
import java.time.LocalTime;
import java.util.List;

class RegistrationSerdeTest extends CompactSerdeContract<DeviceRegisteredEvent> {

    @Override
    protected Topic<String, DeviceRegisteredEvent> topic() {
        return Topics.DEVICES_REGISTERED;
    }

    /** Every field (text that is not ASCII, active hours across midnight to the nanosecond), only the required, and a
     * region that was defaulted. */
    @Override
    protected List<DeviceRegisteredEvent> samples() {
        DeviceRegisteredEvent full = new DeviceRegisteredEvent("r-1", Instant.parse("2026-11-22T23:00:00.123456789Z"),
                "d-1", "xiaomi", "Xiaomi 14 Ultra™", "India", "o-ü-1", 34.0, 12, "india", false, "Asia/Kolkata",
                new ActiveHours(LocalTime.of(22, 0), LocalTime.of(7, 0, 0, 1)), "1.0.0", 3);
        DeviceRegisteredEvent bare = new DeviceRegisteredEvent("r-2", Instant.parse("2026-11-22T23:00:00Z"), "d-2",
                "apple", "iPhone 16", "Latin America", "o-2", null, null, null, null, null, null, null, null);
        DeviceRegisteredEvent defaulted = new DeviceRegisteredEvent("r-3", full.eventTime(), "d-3", "honor",
                "Honor Magic", "Africa", "o-3", 20.0, 8, "africa", true, "Africa/Lagos", null, "1.0.1", 1);
        return List.of(full, bare, defaulted);
    }
}
