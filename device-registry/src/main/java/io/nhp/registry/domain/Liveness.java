package io.nhp.registry.domain;

import io.nhp.contracts.events.DeviceState;
import java.time.Instant;
import java.util.List;

/**
 * What device-registry remembers of one device between heartbeats: when it was last heard and what it last
 * measured, its state and why, and the hysteresis of BOINC's resume rule: {@code suspended} while it is unplugged
 * or hot, then {@code cooldownUntil} once that ends. Kept small, because the store holds one per device.
 */
public record Liveness(
        Instant lastHeardAt,
        Instant lastMeasuredAt,
        DeviceState state,
        List<Reason> reasons,
        boolean suspended,
        Instant cooldownUntil) {

    public Liveness {
        reasons = List.copyOf(reasons);
    }

    /** A device registered and not heard from yet. */
    public static Liveness unheard() {
        return new Liveness(null, null, DeviceState.OFFLINE, List.of(Reason.OFFLINE), false, null);
    }

    public boolean online() {
        return state != DeviceState.OFFLINE;
    }

    /** This device gone silent. The hysteresis survives the silence. */
    public Liveness offline() {
        return new Liveness(lastHeardAt, lastMeasuredAt, DeviceState.OFFLINE, List.of(Reason.OFFLINE), suspended,
                cooldownUntil);
    }

    /** Whether a change from this to {@code next} is a transition worth telling the platform about. */
    public boolean differsFrom(Liveness next) {
        return state != next.state || !reasons.equals(next.reasons);
    }
}
