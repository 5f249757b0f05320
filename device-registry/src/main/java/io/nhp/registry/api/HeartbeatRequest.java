package io.nhp.registry.api;

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
}
