package io.nhp.contracts.fleet;

import io.nhp.contracts.serde.CompactSerde;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;

/**
 * A {@link Fleet} in a state store: the aggregate every status change reads and writes twice (the status it
 * replaces out, the new one in), in device-registry and economics-service alike.
 */
public final class FleetSerde extends CompactSerde<Fleet> {

    public FleetSerde() {
        super(Fleet.class);
    }

    @Override
    protected void write(Fleet fleet, DataOutput out) throws IOException {
        writeCounts(fleet.total(), out);
        out.writeInt(fleet.regions().size());
        for (Map.Entry<String, FleetCounts> region : fleet.regions().entrySet()) {
            out.writeUTF(region.getKey());
            writeCounts(region.getValue(), out);
        }
        writeInstant(fleet.asOf(), out);
    }

    @Override
    protected Fleet read(DataInput in) throws IOException {
        FleetCounts total = readCounts(in);
        int count = in.readInt();
        Map<String, FleetCounts> regions = new TreeMap<>();
        for (int i = 0; i < count; i++) {
            regions.put(in.readUTF(), readCounts(in));
        }
        return new Fleet(total, regions, readInstant(in));
    }

    private static void writeCounts(FleetCounts counts, DataOutput out) throws IOException {
        out.writeLong(counts.registered());
        out.writeLong(counts.online());
        out.writeLong(counts.eligible());
        writeDecimal(counts.eligibleTops(), out);
    }

    private static FleetCounts readCounts(DataInput in) throws IOException {
        return new FleetCounts(in.readLong(), in.readLong(), in.readLong(), readDecimal(in));
    }
}
