package io.nhp.registry.api;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.nhp.contracts.fleet.Fleet;
import io.nhp.contracts.fleet.FleetCounts;
import io.nhp.registry.streams.DeviceTopology;
import io.nhp.service.kafka.StoreGauges;
import io.nhp.service.kafka.StoreQueries;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Fleet gauges by partner and region ({@code nhp.devices.registered|online|eligible}, {@code nhp.devices.eligible.tops}),
 * refreshed from this instance's part of the fleet store: each partner is held by exactly one instance, so the
 * series of all instances add up.
 */
@ApplicationScoped
public class FleetGauges {

    private final StoreQueries queries;
    private final MultiGauge registered;
    private final MultiGauge online;
    private final MultiGauge eligible;
    private final MultiGauge eligibleTops;

    FleetGauges(StoreQueries queries, MeterRegistry meters) {
        this.queries = queries;
        this.registered = MultiGauge.builder("nhp.devices.registered").description("Registered devices").register(meters);
        this.online = MultiGauge.builder("nhp.devices.online").description("Devices heard from recently").register(meters);
        this.eligible = MultiGauge.builder("nhp.devices.eligible").description("Devices fit to compute").register(meters);
        this.eligibleTops = MultiGauge.builder("nhp.devices.eligible.tops").description("TOPS of eligible devices")
                .register(meters);
    }

    @Scheduled(every = StoreGauges.EVERY, delayed = StoreGauges.FIRST_AFTER,
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void refresh() {
        StoreGauges.refresh(this::read);
    }

    private void read() {
        List<KeyValue<String, Fleet>> fleets = new ArrayList<>();
        queries.<Fleet>localStore(DeviceTopology.FLEET_STORE).ifPresent((ReadOnlyKeyValueStore<String, Fleet> store) -> {
            try (KeyValueIterator<String, Fleet> all = store.all()) {
                all.forEachRemaining(fleets::add);
            }
        });
        registered.register(rows(fleets, FleetCounts::registered), true);
        online.register(rows(fleets, FleetCounts::online), true);
        eligible.register(rows(fleets, FleetCounts::eligible), true);
        eligibleTops.register(rows(fleets, c -> c.eligibleTops().doubleValue()), true);
    }

    /** A row per partner and region (a handful of regions: low cardinality); sum by partner for the totals. */
    private static List<MultiGauge.Row<?>> rows(List<KeyValue<String, Fleet>> fleets, ToDoubleFunction<FleetCounts> value) {
        List<MultiGauge.Row<?>> rows = new ArrayList<>();
        for (KeyValue<String, Fleet> fleet : fleets) {
            fleet.value.regions().forEach((region, counts) -> rows.add(MultiGauge.Row.of(
                    Tags.of("partner", fleet.key, "region", region), value.applyAsDouble(counts))));
        }
        return rows;
    }
}
