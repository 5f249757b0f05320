package io.nhp.contracts.fleet;

import static io.nhp.contracts.serde.CompactFields.readDecimal;
import static io.nhp.contracts.serde.CompactFields.readInstant;
import static io.nhp.contracts.serde.CompactFields.readString;
import static io.nhp.contracts.serde.CompactFields.writeDecimal;
import static io.nhp.contracts.serde.CompactFields.writeInstant;
import static io.nhp.contracts.serde.CompactFields.writeString;

import io.nhp.contracts.serde.CompactSerde;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.TreeMap;

/**
 * A {@link Fleet} in a state store: a partner's fleet, or one task's part of it, read and written on every change
 * (in device-registry and economics-service alike).
 */
public final class FleetSerde extends CompactSerde<Fleet> {

    public FleetSerde() {
        super(Fleet.class);
    }

    @Override
    protected void write(Fleet fleet, DataOutputStream out) throws IOException {
        writeCounts(fleet.total(), out);
        out.writeInt(fleet.regions().size());
        for (Map.Entry<String, FleetCounts> region : fleet.regions().entrySet()) {
            writeString(out, region.getKey());
            writeCounts(region.getValue(), out);
        }
        writeInstant(out, fleet.asOf());
    }

    @Override
    protected Fleet read(ByteBuffer in) {
        FleetCounts total = readCounts(in);
        int count = in.getInt();
        Map<String, FleetCounts> regions = new TreeMap<>();
        for (int i = 0; i < count; i++) {
            regions.put(readString(in), readCounts(in));
        }
        return new Fleet(total, regions, readInstant(in));
    }

    private static void writeCounts(FleetCounts counts, DataOutputStream out) throws IOException {
        out.writeLong(counts.registered());
        out.writeLong(counts.online());
        out.writeLong(counts.eligible());
        writeDecimal(out, counts.eligibleTops());
    }

    private static FleetCounts readCounts(ByteBuffer in) {
        return new FleetCounts(in.getLong(), in.getLong(), in.getLong(), readDecimal(in));
    }
}
