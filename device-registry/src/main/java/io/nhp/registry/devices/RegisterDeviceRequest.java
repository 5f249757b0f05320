package io.nhp.registry.devices;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * Body of {@code POST /api/v1/devices}: what the phone says about itself. Whose it is and what it is (partner,
 * owner, model, market) come from the partner's enrollment token; the body may repeat them, and a body that
 * contradicts the token is refused.
 */
public record RegisterDeviceRequest(
        @Size(max = 64) String partner,
        @Size(max = 128) String model,
        @Size(max = 64) String market,
        @Size(max = 128) String ownerId,
        @Size(max = 32) String agentVersion,
        @Valid ActiveHoursRequest activeHours,
        @Size(max = 64) String timeZone) {

    /** The owner's computing window, local time, {@code HH:mm}; it may wrap midnight (22:00–07:00). */
    public record ActiveHoursRequest(
            @NotNull @Pattern(regexp = HH_MM, message = "must be a time HH:mm") String start,
            @NotNull @Pattern(regexp = HH_MM, message = "must be a time HH:mm") String end) {
    }

    static final String HH_MM = "([01]\\d|2[0-3]):[0-5]\\d";
}
