package io.nhp.registry.api;

import io.nhp.contracts.events.NetworkType;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

/** Body of a heartbeat: the phone's state right now. */
public record HeartbeatRequest(
        @NotNull Boolean charging,
        @NotNull @Min(0) @Max(100) Integer batteryPct,
        @NotNull @DecimalMin("-30.0") @DecimalMax("90.0") Double batteryTempC,
        @NotNull NetworkType network,
        @NotNull Boolean screenOff) {
}
