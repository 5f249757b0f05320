package io.nhp.registry.streams;

import io.nhp.contracts.events.ActiveHours;
import io.nhp.contracts.events.DeviceRegisteredEvent;
import io.nhp.contracts.events.DeviceState;
import io.nhp.contracts.serde.CompactFields;
import io.nhp.contracts.serde.CompactSerde;
import io.nhp.registry.domain.Liveness;
import io.nhp.registry.domain.Reason;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Serde;

/**
 * Compact binary values for the processor's own stores ({@code devices}, {@code liveness}) and their changelogs:
 * every heartbeat reads both, and JSON decoding was most of a stream thread's time. The stores keep their value
 * types ({@link DeviceRegisteredEvent}, {@link Liveness}), so interactive queries read them as before; only the bytes
 * change ({@link CompactSerde}: a format byte; the JSON these stores held before is still read, so a store or
 * changelog written by an earlier version restores and works, its values turning binary as they are rewritten). Enum
 * constants are written as fixed codes, never as ordinals of the enum as declared, so that adding a constant cannot
 * change what stored bytes mean.
 */
final class StoreSerdes {

    /** The binary format's first byte. */
    static final byte FORMAT_1 = CompactSerde.FORMAT;

    /** State codes: index = code. Append only. */
    private static final DeviceState[] STATES = {DeviceState.OFFLINE, DeviceState.INELIGIBLE, DeviceState.ELIGIBLE};
    /** Reason codes: index = code. Append only. */
    private static final Reason[] REASONS = {Reason.OFFLINE, Reason.NOT_CHARGING, Reason.METERED_NETWORK,
            Reason.SCREEN_ON, Reason.LOW_BATTERY, Reason.TOO_HOT, Reason.OUTSIDE_ACTIVE_HOURS, Reason.COOLING_DOWN};

    static final Serde<DeviceRegisteredEvent> REGISTRATIONS = CompactSerde.of(DeviceRegisteredEvent.class,
            StoreSerdes::writeRegistration, StoreSerdes::readRegistration);

    static final Serde<Liveness> LIVENESS = CompactSerde.of(Liveness.class, StoreSerdes::writeLiveness,
            StoreSerdes::readLiveness);

    private StoreSerdes() {
    }

    private static void writeRegistration(DeviceRegisteredEvent r, DataOutputStream out) throws IOException {
        CompactFields.writeString(out, r.eventId());
        CompactFields.writeInstant(out, r.eventTime());
        CompactFields.writeString(out, r.deviceId());
        CompactFields.writeString(out, r.partner());
        CompactFields.writeString(out, r.model());
        CompactFields.writeString(out, r.market());
        CompactFields.writeString(out, r.ownerId());
        CompactFields.writeDouble(out, r.tops());
        CompactFields.writeInteger(out, r.ramGb());
        CompactFields.writeString(out, r.region());
        out.writeByte(r.regionDefaulted() == null ? 0 : r.regionDefaulted() ? 2 : 1);
        CompactFields.writeString(out, r.timeZone());
        out.writeBoolean(r.activeHours() != null);
        if (r.activeHours() != null) {
            out.writeLong(r.activeHours().start().toNanoOfDay());
            out.writeLong(r.activeHours().end().toNanoOfDay());
        }
        CompactFields.writeString(out, r.agentVersion());
        CompactFields.writeInteger(out, r.credentialVersion());
    }

    private static DeviceRegisteredEvent readRegistration(ByteBuffer in) {
        String eventId = CompactFields.readString(in);
        Instant eventTime = CompactFields.readInstant(in);
        String deviceId = CompactFields.readString(in);
        String partner = CompactFields.readString(in);
        String model = CompactFields.readString(in);
        String market = CompactFields.readString(in);
        String ownerId = CompactFields.readString(in);
        Double tops = CompactFields.readDouble(in);
        Integer ramGb = CompactFields.readInteger(in);
        String region = CompactFields.readString(in);
        byte defaulted = in.get();
        Boolean regionDefaulted = defaulted == 0 ? null : defaulted == 2;
        String timeZone = CompactFields.readString(in);
        ActiveHours activeHours = in.get() != 0
                ? new ActiveHours(LocalTime.ofNanoOfDay(in.getLong()), LocalTime.ofNanoOfDay(in.getLong())) : null;
        String agentVersion = CompactFields.readString(in);
        Integer credentialVersion = CompactFields.readInteger(in);
        return new DeviceRegisteredEvent(eventId, eventTime, deviceId, partner, model, market, ownerId, tops, ramGb,
                region, regionDefaulted, timeZone, activeHours, agentVersion, credentialVersion);
    }

    private static void writeLiveness(Liveness l, DataOutputStream out) throws IOException {
        CompactFields.writeInstant(out, l.lastHeardAt());
        CompactFields.writeInstant(out, l.lastMeasuredAt());
        out.writeByte(code(STATES, l.state()));
        out.writeByte(l.reasons().size());
        for (Reason reason : l.reasons()) {
            out.writeByte(code(REASONS, reason));
        }
        out.writeBoolean(l.suspended());
        CompactFields.writeInstant(out, l.cooldownUntil());
    }

    private static Liveness readLiveness(ByteBuffer in) {
        Instant lastHeardAt = CompactFields.readInstant(in);
        Instant lastMeasuredAt = CompactFields.readInstant(in);
        DeviceState state = STATES[in.get()];
        int count = in.get();
        List<Reason> reasons = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            reasons.add(REASONS[in.get()]);
        }
        boolean suspended = in.get() != 0;
        Instant cooldownUntil = CompactFields.readInstant(in);
        return new Liveness(lastHeardAt, lastMeasuredAt, state, reasons, suspended, cooldownUntil);
    }

    private static <E> int code(E[] codes, E value) {
        for (int i = 0; i < codes.length; i++) {
            if (codes[i] == value) {
                return i;
            }
        }
        throw new IllegalArgumentException("no store code for " + value);
    }
}
