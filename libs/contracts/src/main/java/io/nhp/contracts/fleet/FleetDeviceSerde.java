package io.nhp.contracts.fleet;

import io.nhp.contracts.serde.CompactSerde;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/** A {@link FleetDevice} in a state store: one per device, written on every status change. */
public final class FleetDeviceSerde extends CompactSerde<FleetDevice> {

    public FleetDeviceSerde() {
        super(FleetDevice.class);
    }

    @Override
    protected void write(FleetDevice device, DataOutput out) throws IOException {
        out.writeUTF(device.partner());
        out.writeBoolean(device.region() != null);
        if (device.region() != null) {
            out.writeUTF(device.region());
        }
        out.writeByte((device.online() ? 1 : 0) | (device.eligible() ? 2 : 0));
        out.writeBoolean(device.tops() != null);
        if (device.tops() != null) {
            out.writeDouble(device.tops());
        }
    }

    @Override
    protected FleetDevice read(DataInput in) throws IOException {
        String partner = in.readUTF();
        String region = in.readBoolean() ? in.readUTF() : null;
        int flags = in.readByte();
        Double tops = in.readBoolean() ? in.readDouble() : null;
        return new FleetDevice(partner, region, (flags & 1) != 0, (flags & 2) != 0, tops);
    }
}
