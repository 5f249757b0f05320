package io.nhp.registry.streams;

import io.nhp.contracts.Topics;
import io.nhp.contracts.events.Event;
import io.nhp.registry.domain.LivenessRules;
import io.nhp.service.kafka.DeadLetters;
import io.nhp.service.kafka.FleetTables;
import java.time.Duration;
import java.util.function.Function;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.Stores;

/**
 * device-registry's Kafka Streams topology.
 * <ol>
 *   <li>Registrations and heartbeats (co-partitioned by device id) → {@link DeviceProcessor}: each device's
 *       registration and liveness, and a {@code nhp.devices.status} record on every transition; silence is found
 *       on wall-clock time. A heartbeat that changes nothing but the device's times is kept in memory, the
 *       liveness store written at most once a checkpoint for it. Heartbeats of unknown devices go to the dead-letter topic, in the same transaction
 *       ({@link DeadLetters}).</li>
 *   <li>Device statuses → each partner's fleet, in total and by region (the store behind {@code /api/v1/fleet}).</li>
 *   <li>Partner profiles and reference items as global tables: what registration checks models and markets
 *       against.</li>
 * </ol>
 */
public final class DeviceTopology {

    /** Registration of each device (key = device id). */
    public static final String DEVICES_STORE = "devices";
    /** Liveness of each device (key = device id). */
    public static final String LIVENESS_STORE = "liveness";
    /** Latest status of each device, the table whose changes drive the fleet counts. */
    public static final String STATUS_STORE = "device-status";
    /** Each partner's fleet (key = partner). */
    public static final String FLEET_STORE = "fleet";
    /** Partner profiles (global, key = partner). */
    public static final String PARTNERS_STORE = "reference-partners";
    /** Reference items (global, key = kind:id, e.g. {@code market:India}). */
    public static final String REFERENCE_STORE = "reference-items";

    /** The processor that keeps each device's state: {@link DeviceProcessor}. */
    static final String DEVICE_STATE = "device-state";
    /** Its child that writes the statuses to {@code nhp.devices.status}. */
    static final String STATUS_SINK = "device-statuses";
    /** Its dead letters: heartbeats of devices that are not registered. */
    static final DeadLetters DEAD_LETTERS = DeadLetters.of("device-registry", DEVICE_STATE);

    private DeviceTopology() {
    }

    /**
     * {@code checkpoint}: how old a device's stored heartbeat times may grow when nothing else changes
     * ({@link DeviceProcessor}); {@code recent}: where the exact ones are read.
     */
    public static Topology build(LivenessRules rules, Duration offlineAfter, Duration checkInterval,
                                 Duration checkpoint, RecentHeartbeats recent) {
        return build(rules, offlineAfter, checkInterval, checkpoint, recent, Stores::persistentKeyValueStore);
    }

    /** With the devices' and liveness stores from {@code stores} (by name): RocksDB in the service. */
    static Topology build(LivenessRules rules, Duration offlineAfter, Duration checkInterval, Duration checkpoint,
                          RecentHeartbeats recent, Function<String, KeyValueBytesStoreSupplier> stores) {
        StreamsBuilder builder = new StreamsBuilder();
        addReferenceData(builder);
        addDevices(builder, rules, offlineAfter, checkInterval, checkpoint, recent, stores);
        addFleet(builder);
        return DEAD_LETTERS.addTo(builder.build());
    }

    private static void addReferenceData(StreamsBuilder builder) {
        builder.globalTable(Topics.REFERENCE_PARTNERS.name(), Topics.REFERENCE_PARTNERS.consumed(),
                Topics.REFERENCE_PARTNERS.materialized(PARTNERS_STORE));
        builder.globalTable(Topics.REFERENCE_PRICES.name(), Topics.REFERENCE_PRICES.consumed(),
                Topics.REFERENCE_PRICES.materialized(REFERENCE_STORE));
    }

    private static void addDevices(StreamsBuilder builder, LivenessRules rules, Duration offlineAfter,
                                   Duration checkInterval, Duration checkpoint, RecentHeartbeats recent,
                                   Function<String, KeyValueBytesStoreSupplier> stores) {
        builder.addStateStore(Stores.keyValueStoreBuilder(stores.apply(DEVICES_STORE),
                Serdes.String(), StoreSerdes.REGISTRATIONS));
        builder.addStateStore(Stores.keyValueStoreBuilder(stores.apply(LIVENESS_STORE),
                Serdes.String(), StoreSerdes.LIVENESS));

        KStream<String, Event> registrations = builder.stream(Topics.DEVICES_REGISTERED.name(),
                        Topics.DEVICES_REGISTERED.consumed())
                .mapValues(event -> (Event) event, Named.as("registrations"));
        KStream<String, Event> heartbeats = builder.stream(Topics.DEVICES_HEARTBEATS.name(),
                        Topics.DEVICES_HEARTBEATS.consumed())
                .mapValues(event -> (Event) event, Named.as("heartbeats"));

        registrations.merge(heartbeats, Named.as("device-events"))
                .process(() -> new DeviceProcessor(rules, offlineAfter, checkInterval, checkpoint, recent),
                        Named.as(DEVICE_STATE),
                        DEVICES_STORE, LIVENESS_STORE)
                .to(Topics.DEVICES_STATUS.name(), Topics.DEVICES_STATUS.produced().withName(STATUS_SINK));
    }

    private static void addFleet(StreamsBuilder builder) {
        FleetTables.byPartner(builder, STATUS_STORE, FLEET_STORE);
    }
}
