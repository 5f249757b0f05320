package io.nhp.registry.domain;

import io.nhp.contracts.events.ActiveHours;
import io.nhp.contracts.events.DeviceState;
import io.nhp.contracts.events.HeartbeatEvent;
import java.time.Instant;
import java.util.List;

/** A device's next {@link Liveness} after a heartbeat: eligibility plus the cool-down after heat or unplugging. */
public record LivenessRules(EligibilityRules eligibility) {

    public Liveness afterHeartbeat(Liveness previous, HeartbeatEvent heartbeat, ActiveHours activeHours,
                                   LocalClock clock) {
        Instant heardAt = heartbeat.receivedAt();
        if (previous.lastMeasuredAt() != null && heartbeat.eventTime().isBefore(previous.lastMeasuredAt())) {
            // an older measurement arriving late says the phone is alive, but nothing about its state now
            return previous.online()
                    ? new Liveness(later(previous.lastHeardAt(), heardAt), previous.lastMeasuredAt(), previous.state(),
                    previous.reasons(), previous.suspended(), previous.cooldownUntil())
                    : evaluate(previous, heartbeat, heardAt, previous.lastMeasuredAt(), activeHours, clock);
        }
        return evaluate(previous, heartbeat, heardAt, heartbeat.eventTime(), activeHours, clock);
    }

    private Liveness evaluate(Liveness previous, HeartbeatEvent heartbeat, Instant heardAt, Instant measuredAt,
                              ActiveHours activeHours, LocalClock clock) {
        Instant at = heartbeat.eventTime();
        List<Reason> reasons = eligibility.conditions(heartbeat, activeHours, clock); // a new, modifiable list
        boolean suspended = false;
        for (Reason reason : reasons) {
            suspended |= reason.suspends();
        }
        Instant cooldownUntil = suspended ? null
                : previous.suspended() ? at.plus(eligibility.cooldown())
                : previous.cooldownUntil();
        if (cooldownUntil != null && at.isBefore(cooldownUntil)) {
            reasons.add(Reason.COOLING_DOWN);
        } else {
            cooldownUntil = null;
        }
        DeviceState state = reasons.isEmpty() ? DeviceState.ELIGIBLE : DeviceState.INELIGIBLE;
        return new Liveness(later(previous.lastHeardAt(), heardAt), measuredAt, state, reasons, suspended,
                cooldownUntil);
    }

    private static Instant later(Instant a, Instant b) {
        return a == null || b.isAfter(a) ? b : a;
    }
}
