package io.nhp.registry.ingest;

import io.nhp.contracts.events.NetworkType;
import io.nhp.contracts.events.ThermalStatus;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Iterator;
import java.util.Set;

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
    /** The fields a heartbeat has, as JSON names them. */
    private static final Set<String> FIELDS = Set.of("at", "charging", "batteryPct", "batteryTempC", "network",
            "screenOff", "cpuLoadPct", "thermalStatus");

    /**
     * A plain heartbeat read straight from its JSON tree, or {@code null} when anything about it is unusual (an
     * unknown field, a value of another type or out of range, a time that is not ISO text...). A batch of a
     * thousand spent most of its time in Jackson's data binding; only a heartbeat this returns {@code null} for
     * goes through it, for the exact reason. {@code HeartbeatRequestTest} holds the two to the same heartbeat.
     */
    public static HeartbeatRequest plainlyRead(JsonNode heartbeat) {
        if (!heartbeat.isObject()) {
            return null;
        }
        for (Iterator<String> names = heartbeat.fieldNames(); names.hasNext(); ) {
            if (!FIELDS.contains(names.next())) {
                return null;
            }
        }
        JsonNode at = heartbeat.path("at");
        JsonNode charging = heartbeat.path("charging");
        JsonNode batteryPct = heartbeat.path("batteryPct");
        JsonNode batteryTempC = heartbeat.path("batteryTempC");
        JsonNode screenOff = heartbeat.path("screenOff");
        JsonNode cpuLoadPct = heartbeat.path("cpuLoadPct");
        if (!charging.isBoolean() || !screenOff.isBoolean() || !batteryPct.isInt()
                || !batteryTempC.isNumber() || !(absent(cpuLoadPct) || cpuLoadPct.isInt())
                || !(absent(at) || at.isTextual())) {
            return null;
        }
        NetworkType network = named(NetworkType.class, heartbeat.path("network"));
        JsonNode thermal = heartbeat.path("thermalStatus");
        ThermalStatus thermalStatus = absent(thermal) ? null : named(ThermalStatus.class, thermal);
        if (network == null || thermalStatus == null && !absent(thermal)) {
            return null;
        }
        Instant time;
        try {
            time = absent(at) ? null : DateTimeFormatter.ISO_OFFSET_DATE_TIME.parse(at.textValue(), Instant::from);
        } catch (DateTimeException e) {
            return null;
        }
        HeartbeatRequest request = new HeartbeatRequest(time, charging.booleanValue(), batteryPct.intValue(),
                batteryTempC.doubleValue(), network, screenOff.booleanValue(),
                absent(cpuLoadPct) ? null : cpuLoadPct.intValue(), thermalStatus);
        return request.plainlyValid() ? request : null;
    }

    private static boolean absent(JsonNode node) {
        return node.isMissingNode() || node.isNull();
    }

    private static <E extends Enum<E>> E named(Class<E> type, JsonNode node) {
        if (!node.isTextual()) {
            return null;
        }
        for (E value : type.getEnumConstants()) {
            if (value.name().equals(node.textValue())) {
                return value;
            }
        }
        return null;
    }

    public boolean plainlyValid() {
        return charging != null && screenOff != null && network != null
                && batteryPct != null && batteryPct >= 0 && batteryPct <= 100
                && batteryTempC != null && batteryTempC >= -20.0 && batteryTempC <= 90.0
                && (cpuLoadPct == null || cpuLoadPct >= 0 && cpuLoadPct <= 100);
    }
}
