package io.nhp.contracts.events;

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
import java.time.LocalTime;

/**
 * Registrations on {@code nhp.devices.registered} (and in device-registry's device store) in {@link CompactSerde}'s
 * binary form. Every reader decodes every registration — device-registry's Streams app and its credential-version
 * reader, job-broker's catalog of every instance — and with JSON that decoding was a third of device-registry's CPU
 * while a fleet registered (the active hours' times alone a tenth). JSON written by an earlier version is still read
 * (the compacted topic's older records); an earlier version cannot read these bytes, so its readers are upgraded
 * together (deploy/README).
 * <p>
 * Made to evolve: a version that adds a field appends it, and a reader skips what follows the fields it knows.
 */
public final class RegistrationSerde extends CompactSerde<DeviceRegisteredEvent> {

    public RegistrationSerde() {
        super(DeviceRegisteredEvent.class);
    }

    @Override
    protected void write(DeviceRegisteredEvent r, DataOutputStream out) throws IOException {
        writeString(out, r.eventId());
        writeInstant(out, r.eventTime());
        writeString(out, r.deviceId());
        writeString(out, r.partner());
        writeString(out, r.model());
        writeString(out, r.market());
        writeString(out, r.ownerId());
        writeDouble(out, r.tops());
        writeInteger(out, r.ramGb());
        writeString(out, r.region());
        out.writeByte(r.regionDefaulted() == null ? 0 : r.regionDefaulted() ? 2 : 1);
        writeString(out, r.timeZone());
        out.writeBoolean(r.activeHours() != null);
        if (r.activeHours() != null) {
            out.writeLong(r.activeHours().start().toNanoOfDay());
            out.writeLong(r.activeHours().end().toNanoOfDay());
        }
        writeString(out, r.agentVersion());
        writeInteger(out, r.credentialVersion());
    }

    @Override
    protected DeviceRegisteredEvent read(ByteBuffer in) {
        String eventId = readString(in);
        var eventTime = readInstant(in);
        String deviceId = readString(in);
        String partner = readString(in);
        String model = readString(in);
        String market = readString(in);
        String ownerId = readString(in);
        Double tops = readDouble(in);
        Integer ramGb = readInteger(in);
        String region = readString(in);
        byte defaulted = in.get();
        Boolean regionDefaulted = defaulted == 0 ? null : defaulted == 2;
        String timeZone = readString(in);
        ActiveHours activeHours = in.get() != 0
                ? new ActiveHours(LocalTime.ofNanoOfDay(in.getLong()), LocalTime.ofNanoOfDay(in.getLong())) : null;
        String agentVersion = readString(in);
        Integer credentialVersion = readInteger(in);
        in.position(in.limit()); // fields a newer version appended
        return new DeviceRegisteredEvent(eventId, eventTime, deviceId, partner, model, market, ownerId, tops, ramGb,
                region, regionDefaulted, timeZone, activeHours, agentVersion, credentialVersion);
    }
}
