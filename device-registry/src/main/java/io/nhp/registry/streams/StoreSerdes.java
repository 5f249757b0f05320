package io.nhp.registry.streams;

import io.nhp.contracts.events.DeviceRegisteredEvent;
import io.nhp.contracts.events.DeviceState;
import io.nhp.contracts.events.RegistrationSerde;
import io.nhp.contracts.serde.CompactFields;
import io.nhp.contracts.serde.CompactSerde;
import io.nhp.registry.domain.Liveness;
import io.nhp.registry.domain.Reason;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Instant;
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

    /** The same bytes as on {@code nhp.devices.registered}. */
    static final Serde<DeviceRegisteredEvent> REGISTRATIONS = new RegistrationSerde();

    static final Serde<Liveness> LIVENESS = CompactSerde.of(Liveness.class, StoreSerdes::writeLiveness,
            StoreSerdes::readLiveness);

    private StoreSerdes() {
    }

    private static void writeLiveness(Liveness l, DataOutputStream out) throws IOException {
        CompactFields.writeInstant(out, l.lastHeardAt());
        CompactFields.writeInstant(out, l.lastMeasuredAt());
        out.writeByte(CompactFields.code(STATES, l.state()));
        out.writeByte(l.reasons().size());
        for (Reason reason : l.reasons()) {
            out.writeByte(CompactFields.code(REASONS, reason));
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
}
