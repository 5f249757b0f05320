package io.nhp.contracts.events;

import static io.nhp.contracts.serde.CompactFields.code;
import static io.nhp.contracts.serde.CompactFields.readInstant;
import static io.nhp.contracts.serde.CompactFields.readString;
import static io.nhp.contracts.serde.CompactFields.writeInstant;
import static io.nhp.contracts.serde.CompactFields.writeString;

import io.nhp.contracts.serde.CompactSerde;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Heartbeats on {@code nhp.devices.heartbeats} in {@link CompactSerde}'s binary form. device-registry writes one per
 * phone per minute and is their only reader; decoding the JSON was a quarter of its stream threads' time, and writing
 * it a good part of its event loops'. JSON written by an earlier version is still read; an earlier version cannot
 * read these bytes, so its readers are upgraded together (deploy/README).
 * <p>
 * Made to evolve: a version that adds a field appends it, and a reader skips what follows the fields it knows. Enum
 * constants are fixed codes (append only), never ordinals.
 */
public final class HeartbeatSerde extends CompactSerde<HeartbeatEvent> {

    /** Network codes: index = code. Append only. */
    private static final NetworkType[] NETWORKS = {NetworkType.WIFI, NetworkType.CELLULAR, NetworkType.ETHERNET,
            NetworkType.NONE};
    /** Thermal codes: index = code, 0 for none given. Append only. */
    private static final ThermalStatus[] THERMALS = {null, ThermalStatus.NONE, ThermalStatus.LIGHT,
            ThermalStatus.MODERATE, ThermalStatus.SEVERE, ThermalStatus.CRITICAL, ThermalStatus.EMERGENCY,
            ThermalStatus.SHUTDOWN};

    public HeartbeatSerde() {
        super(HeartbeatEvent.class);
    }

    @Override
    protected void write(HeartbeatEvent heartbeat, DataOutputStream out) throws IOException {
        writeString(out, heartbeat.eventId());
        writeInstant(out, heartbeat.eventTime());
        writeInstant(out, heartbeat.receivedAt());
        writeString(out, heartbeat.deviceId());
        writeString(out, heartbeat.partner());
        out.writeBoolean(heartbeat.charging());
        out.writeInt(heartbeat.batteryPct());
        out.writeDouble(heartbeat.batteryTempC());
        out.writeByte(code(NETWORKS, heartbeat.network()));
        out.writeBoolean(heartbeat.screenOff());
        out.writeInt(heartbeat.cpuLoadPct() == null ? -1 : heartbeat.cpuLoadPct()); // a share, never negative
        out.writeByte(code(THERMALS, heartbeat.thermalStatus()));
    }

    @Override
    protected HeartbeatEvent read(ByteBuffer in) {
        HeartbeatEvent heartbeat = new HeartbeatEvent(readString(in), readInstant(in), readInstant(in), readString(in),
                readString(in), in.get() != 0, in.getInt(), in.getDouble(), NETWORKS[in.get()], in.get() != 0,
                cpuLoad(in.getInt()), THERMALS[in.get()]);
        in.position(in.limit()); // fields a newer version appended
        return heartbeat;
    }

    private static Integer cpuLoad(int written) {
        return written < 0 ? null : written;
    }
}
