package io.nhp.registry.domain;

import io.nhp.contracts.events.DeviceState;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

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

    /** This with other times of hearing and measuring, the rest as it is. */
    public Liveness heardAt(Instant lastHeardAt, Instant lastMeasuredAt) {
        return new Liveness(lastHeardAt, lastMeasuredAt, state, reasons, suspended, cooldownUntil);
    }

    /** Whether {@code other} is this but for when the device was heard and measured. */
    public boolean sameApartFromTimes(Liveness other) {
        return state == other.state && reasons.equals(other.reasons) && suspended == other.suspended
                && Objects.equals(cooldownUntil, other.cooldownUntil);
    }

    /** Whether a change from this to {@code next} is a transition worth telling the platform about. */
    public boolean differsFrom(Liveness next) {
        return state != next.state || !reasons.equals(next.reasons);
    }
}
