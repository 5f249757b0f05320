package io.nhp.registry.ingest;

import io.nhp.contracts.events.NetworkType;
import io.nhp.contracts.events.ThermalStatus;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Instant;

/** Body of a heartbeat: the phone's state right now ({@code at}, or the time of receipt when absent). */
public record HeartbeatRequest(
        Instant at,
        @NotNull Boolean charging,
        @NotNull @Min(0) @Max(100) Integer batteryPct,
        @NotNull @DecimalMin("-20.0") @DecimalMax("90.0") Double batteryTempC,
        @NotNull NetworkType network,
        @NotNull Boolean screenOff,
        @Min(0) @Max(100) Integer cpuLoadPct,
        ThermalStatus thermalStatus) {

    /**
     * Whether every constraint above holds, checked by hand: a batch of a thousand heartbeats would spend most of
     * its time in the Bean Validation engine. Only a heartbeat that fails here goes through the validator, for the
     * exact reasons; {@code HeartbeatRequestTest} holds the two to the same answer.
     */
    public boolean plainlyValid() {
        return charging != null && screenOff != null && network != null
                && batteryPct != null && batteryPct >= 0 && batteryPct <= 100
                && batteryTempC != null && batteryTempC >= -20.0 && batteryTempC <= 90.0
                && (cpuLoadPct == null || cpuLoadPct >= 0 && cpuLoadPct <= 100);
    }
}
