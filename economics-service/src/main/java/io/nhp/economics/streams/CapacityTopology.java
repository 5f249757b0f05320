package io.nhp.economics.streams;

import io.nhp.contracts.Topics;
import io.nhp.contracts.events.CapacityEvent;
import io.nhp.contracts.events.DeviceStatusEvent;
import io.nhp.contracts.events.Required;
import io.nhp.contracts.serde.JsonSerde;
import io.nhp.economics.domain.FleetCounts;
import java.time.Instant;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Device statuses → live fleet capacity per partner ({@code nhp.economics.capacity}, and the queryable store
 * behind {@code GET /api/v1/capacity/{partner}}).
 */
public final class CapacityTopology {

    /** Fleet counts per partner. */
    public static final String CAPACITY_STORE = "capacity-by-partner";
    /** Latest status per device: the table whose changes drive the counts. */
    public static final String DEVICE_STATUS_STORE = "device-status";

    static final Serde<FleetCounts> FLEET_COUNTS_SERDE = new JsonSerde<>(FleetCounts.class);

    private CapacityTopology() {
    }

    public static Topology build() {
        StreamsBuilder builder = new StreamsBuilder();
        Serde<DeviceStatusEvent> statusSerde = Topics.DEVICES_STATUS.valueSerde();

        builder.table(Topics.DEVICES_STATUS.name(),
                        Consumed.with(Topics.DEVICES_STATUS.keySerde(), statusSerde),
                        Materialized.<String, DeviceStatusEvent, KeyValueStore<Bytes, byte[]>>as(DEVICE_STATUS_STORE)
                                .withKeySerde(Serdes.String()).withValueSerde(statusSerde))
                // re-key each device's status by its partner
                .groupBy((deviceId, status) -> KeyValue.pair(status.partner(), status),
                        Grouped.with("status-by-partner", Serdes.String(), statusSerde))
                // add the new status, subtract the one it replaces: each device counts once
                .aggregate(FleetCounts::empty,
                        (partner, status, counts) -> counts.plus(status),
                        (partner, status, counts) -> counts.minus(status),
                        Materialized.<String, FleetCounts, KeyValueStore<Bytes, byte[]>>as(CAPACITY_STORE)
                                .withKeySerde(Serdes.String()).withValueSerde(FLEET_COUNTS_SERDE))
                .toStream()
                .mapValues(CapacityTopology::toEvent)
                .to(Topics.ECONOMICS_CAPACITY.name(),
                        Produced.with(Topics.ECONOMICS_CAPACITY.keySerde(), Topics.ECONOMICS_CAPACITY.valueSerde()));
        return builder.build();
    }

    static CapacityEvent toEvent(String partner, FleetCounts counts) {
        Instant asOf = counts.updatedAt() != null ? counts.updatedAt() : Instant.now();
        return new CapacityEvent(Required.newEventId(), Instant.now(), partner, null, null,
                counts.onlineDevices(), counts.eligibleDevices(), counts.eligibleTops(), counts.h100Equivalent(),
                null, null, asOf);
    }
}
