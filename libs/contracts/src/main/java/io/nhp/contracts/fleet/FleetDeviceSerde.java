package io.nhp.contracts.fleet;

import static io.nhp.contracts.serde.CompactFields.readDouble;
import static io.nhp.contracts.serde.CompactFields.readString;
import static io.nhp.contracts.serde.CompactFields.writeDouble;
import static io.nhp.contracts.serde.CompactFields.writeString;

import io.nhp.contracts.serde.CompactSerde;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;

/** A {@link FleetDevice} in a state store: one per device, written on every status change. */
public final class FleetDeviceSerde extends CompactSerde<FleetDevice> {

    public FleetDeviceSerde() {
        super(FleetDevice.class);
    }

    @Override
    protected void write(FleetDevice device, DataOutputStream out) throws IOException {
        writeString(out, device.partner());
        writeString(out, device.region());
        out.writeByte((device.online() ? 1 : 0) | (device.eligible() ? 2 : 0));
        writeDouble(out, device.tops());
    }

    @Override
    protected FleetDevice read(ByteBuffer in) {
        String partner = readString(in);
        String region = readString(in);
        int flags = in.get();
        return new FleetDevice(partner, region, (flags & 1) != 0, (flags & 2) != 0, readDouble(in));
    }
}
