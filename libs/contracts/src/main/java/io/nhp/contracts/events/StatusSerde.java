package io.nhp.contracts.events;

import static io.nhp.contracts.serde.CompactFields.code;
import static io.nhp.contracts.serde.CompactFields.readDouble;
import static io.nhp.contracts.serde.CompactFields.readInstant;
import static io.nhp.contracts.serde.CompactFields.readInteger;
import static io.nhp.contracts.serde.CompactFields.readString;
import static io.nhp.contracts.serde.CompactFields.writeDouble;
import static io.nhp.contracts.serde.CompactFields.writeInstant;
import static io.nhp.contracts.serde.CompactFields.writeInteger;
import static io.nhp.contracts.serde.CompactFields.writeString;

import io.nhp.contracts.serde.CompactSerde;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Device statuses on {@code nhp.devices.status} in {@link CompactSerde}'s binary form: one per device whenever its
 * state changes, read by device-registry's and economics-service's fleet counts, job-broker's catalog on every
 * instance and report-service's owners' view — a fleet coming online is a status per device in each of them, and
 * their JSON was the largest part of report-service's work and a seventh of economics-service's. JSON written by an
 * earlier version is still read (an earlier version cannot read these bytes: deploy/README); a version that adds a
 * field appends it, and a reader skips what follows the fields it knows. States are fixed codes (append only).
 */
public final class StatusSerde extends CompactSerde<DeviceStatusEvent> {

    /** State codes: index = code, 0 for none (a device's first status). Append only. */
    private static final DeviceState[] STATES = {null, DeviceState.OFFLINE, DeviceState.INELIGIBLE,
            DeviceState.ELIGIBLE};

    public StatusSerde() {
        super(DeviceStatusEvent.class);
    }

    @Override
    protected void write(DeviceStatusEvent s, DataOutputStream out) throws IOException {
        writeString(out, s.eventId());
        writeInstant(out, s.eventTime());
        writeString(out, s.deviceId());
        writeString(out, s.partner());
        writeString(out, s.ownerId());
        writeString(out, s.region());
        writeString(out, s.model());
        writeDouble(out, s.tops());
        writeInteger(out, s.ramGb());
        out.writeByte(code(STATES, s.previousState()));
        out.writeByte(code(STATES, s.state()));
        out.writeShort(s.reasons().size());
        for (String reason : s.reasons()) {
            writeString(out, reason);
        }
        writeInstant(out, s.lastHeartbeatAt());
    }

    @Override
    protected DeviceStatusEvent read(ByteBuffer in) {
        String eventId = readString(in);
        var eventTime = readInstant(in);
        String deviceId = readString(in);
        String partner = readString(in);
        String ownerId = readString(in);
        String region = readString(in);
        String model = readString(in);
        Double tops = readDouble(in);
        Integer ramGb = readInteger(in);
        DeviceState previousState = STATES[in.get()];
        DeviceState state = STATES[in.get()];
        int count = in.getShort();
        List<String> reasons = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            reasons.add(readString(in));
        }
        var lastHeartbeatAt = readInstant(in);
        in.position(in.limit()); // fields a newer version appended
        return new DeviceStatusEvent(eventId, eventTime, deviceId, partner, ownerId, region, model, tops, ramGb,
                previousState, state, reasons, lastHeartbeatAt);
    }
}
