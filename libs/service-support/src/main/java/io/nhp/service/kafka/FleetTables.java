package io.nhp.service.kafka;

import io.nhp.contracts.Topics;
import io.nhp.contracts.fleet.Fleet;
import io.nhp.contracts.fleet.FleetSerde;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KTable;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.state.KeyValueStore;

/** Each partner's fleet from {@code nhp.devices.status}: the one way device-registry and economics-service count it. */
public final class FleetTables {

    public static final Serde<Fleet> FLEET_SERDE = new FleetSerde();

    /**
     * Build a topology holding {@link #byPartner} with these: the status table is restored from
     * {@code nhp.devices.status} itself instead of from a changelog copy of it, one write less per status.
     */
    public static Properties optimizations() {
        Properties properties = new Properties();
        properties.put(StreamsConfig.TOPOLOGY_OPTIMIZATION_CONFIG, StreamsConfig.REUSE_KTABLE_SOURCE_TOPICS);
        return properties;
    }

    private FleetTables() {
    }

    /**
     * The latest status per device (store {@code statusStore}), re-keyed by partner: each new status is added to its
     * partner's fleet and the one it replaces subtracted, so every device counts once (store {@code fleetStore}).
     */
    public static KTable<String, Fleet> byPartner(StreamsBuilder builder, String statusStore, String fleetStore) {
        return builder.table(Topics.DEVICES_STATUS.name(), Topics.DEVICES_STATUS.consumed(),
                        Topics.DEVICES_STATUS.materialized(statusStore))
                .groupBy((deviceId, status) -> KeyValue.pair(status.partner(), status),
                        Grouped.with("status-by-partner", Serdes.String(), Topics.DEVICES_STATUS.valueSerde()))
                .aggregate(Fleet::empty,
                        (partner, status, fleet) -> fleet.plus(status),
                        (partner, status, fleet) -> fleet.minus(status),
                        Materialized.<String, Fleet, KeyValueStore<Bytes, byte[]>>as(fleetStore)
                                .withKeySerde(Serdes.String()).withValueSerde(FLEET_SERDE));
    }
}
