package io.nhp.service.kafka;

import io.nhp.contracts.Topics;
import io.nhp.contracts.fleet.Fleet;
import io.nhp.contracts.fleet.FleetDevice;
import io.nhp.contracts.fleet.FleetDeviceSerde;
import io.nhp.contracts.fleet.FleetSerde;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KTable;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * Each partner's fleet from {@code nhp.devices.status}: the one way device-registry and economics-service count it.
 *
 * <p>Counted in two stages, so that no single task sees every status of a large partner:
 * <ol>
 *   <li>Where the statuses are (partitioned by device id, no repartition), {@code FleetPartials} keeps the latest
 *       status of each device (store {@code statusStore}, a compact {@link FleetDevice}) and, per partner, the part
 *       of its fleet this task's devices make (store {@code fleetStore + "-partials"}): each status subtracts the
 *       one it replaces and adds itself. A partner's partial goes downstream keyed {@code partner/partition} at
 *       most every 100 ms per task ({@code FleetPartials.FORWARD_EVERY}; at once when the partner was quiet),
 *       however many statuses changed it.</li>
 *   <li>Those partials, the latest per key (store {@code fleetStore + "-partials-latest"}; Kafka Streams routes
 *       them through a repartition topic of that name first, as the processor set a new key: a few records a
 *       second), are repartitioned by partner ({@code fleetStore + "-partials-by-partner"}) and summed: a new partial is added and the one it
 *       replaces subtracted ({@link Fleet#plus(Fleet)}, {@link Fleet#minus(Fleet)}, exact), store
 *       {@code fleetStore}, key = partner.</li>
 * </ol>
 * Every store is changelogged and, under {@code exactly_once_v2}, written in the same transaction as the partials
 * forwarded and the statuses consumed, so after a crash or a move each task's stores hold exactly the statuses it
 * committed and downstream exactly the partials it committed; a partial held back at that point is in the task's
 * store only, so a task that starts forwards every partial it holds once more (downstream keeps the latest per key,
 * so nothing counts twice). The status store has its own changelog (it holds what the counting needs, not the topic's records),
 * so the status topic is no longer reused as a changelog.
 *
 * <p>A deployment that counted with the earlier topology (status table re-keyed by partner, one aggregate) must be
 * started from an application reset: its {@code fleetStore} changelog holds whole fleets, which the sums of partials
 * would add to.
 */
public final class FleetTables {

    public static final Serde<Fleet> FLEET_SERDE = new FleetSerde();
    public static final Serde<FleetDevice> DEVICE_SERDE = new FleetDeviceSerde();

    private FleetTables() {
    }

    /**
     * Each partner's fleet, in total and by region (store {@code fleetStore}, key = partner), from the latest status
     * per device (store {@code statusStore}, key = device id): see the class comment. A partner's count follows its
     * statuses within about 100 ms (plus the commit interval).
     */
    public static KTable<String, Fleet> byPartner(StreamsBuilder builder, String statusStore, String fleetStore) {
        String partialStore = fleetStore + "-partials";
        // no cache for the devices' statuses: a device changes a few times an hour, so it merged no writes and only
        // cost a sorted map's inserts, lookups and evictions per status (a seventh of a bulk load's CPU); the
        // partials, a few keys written by every status, are what the cache is for
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(statusStore),
                Serdes.String(), DEVICE_SERDE));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(partialStore),
                Serdes.String(), FLEET_SERDE).withCachingEnabled());
        return builder.stream(Topics.DEVICES_STATUS.name(), Topics.DEVICES_STATUS.consumed())
                .process(() -> new FleetPartials(statusStore, partialStore), Named.as(partialStore),
                        statusStore, partialStore)
                // forwards are few and already spaced: no cache holding them back until the commit
                .toTable(Named.as(partialStore + "-latest"),
                        Materialized.<String, Fleet, KeyValueStore<Bytes, byte[]>>as(partialStore + "-latest")
                                .withKeySerde(Serdes.String()).withValueSerde(FLEET_SERDE).withCachingDisabled())
                .groupBy((key, partial) -> KeyValue.pair(FleetPartials.partnerOf(key), partial),
                        Grouped.with(partialStore + "-by-partner", Serdes.String(), FLEET_SERDE))
                .aggregate(Fleet::empty,
                        (partner, partial, fleet) -> fleet.plus(partial),
                        (partner, partial, fleet) -> fleet.minus(partial),
                        Materialized.<String, Fleet, KeyValueStore<Bytes, byte[]>>as(fleetStore)
                                .withKeySerde(Serdes.String()).withValueSerde(FLEET_SERDE));
    }
}
