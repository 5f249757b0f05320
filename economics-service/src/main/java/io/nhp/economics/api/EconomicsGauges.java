package io.nhp.economics.api;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.nhp.contracts.events.ReferenceDataEvent;
import io.nhp.contracts.fleet.Fleet;
import io.nhp.economics.domain.PriceBook;
import io.nhp.economics.domain.SavingsDay;
import io.nhp.economics.streams.CapacityTopology;
import io.nhp.economics.streams.LedgerTopology;
import io.nhp.economics.streams.ReferenceItems;
import io.nhp.service.kafka.StoreQueries;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.state.KeyValueIterator;

/**
 * Today's (UTC) live economics by partner, and eligible compute, as gauges refreshed from this instance's part of
 * the stores: each partner is held by exactly one instance, so the series of all instances add up.
 * {@code nhp.economics.jobs.today}, {@code nhp.economics.avoided.cost.usd.today{offer}},
 * {@code nhp.economics.payouts.usd.today}, {@code nhp.economics.energy.kwh.today},
 * {@code nhp.economics.h100.equivalent}.
 */
@ApplicationScoped
public class EconomicsGauges {

    private final StoreQueries queries;
    private final MultiGauge jobs;
    private final MultiGauge avoided;
    private final MultiGauge payouts;
    private final MultiGauge energy;
    private final MultiGauge h100;

    EconomicsGauges(StoreQueries queries, MeterRegistry meters) {
        this.queries = queries;
        this.jobs = MultiGauge.builder("nhp.economics.jobs.today").description("Validated jobs completed today (UTC)")
                .register(meters);
        this.avoided = MultiGauge.builder("nhp.economics.avoided.cost.usd.today")
                .description("Cloud cost avoided today, per cloud offer").register(meters);
        this.payouts = MultiGauge.builder("nhp.economics.payouts.usd.today")
                .description("Token payouts owed to owners today (gross)").register(meters);
        this.energy = MultiGauge.builder("nhp.economics.energy.kwh.today")
                .description("Energy phones used computing today").register(meters);
        this.h100 = MultiGauge.builder("nhp.economics.h100.equivalent")
                .description("Eligible compute in H100-equivalents (TOPS / the model's h100_tops)").register(meters);
    }

    @Scheduled(every = "${nhp.metrics.gauge-refresh:5s}", delayed = "5s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void refresh() {
        try {
            read();
        } catch (InvalidStateStoreException e) {
            // starting or rebalancing: the gauges keep their last values until the stores answer again
        }
    }

    private void read() {
        Instant today = Instant.now().truncatedTo(ChronoUnit.DAYS);
        List<MultiGauge.Row<?>> jobRows = new ArrayList<>();
        List<MultiGauge.Row<?>> avoidedRows = new ArrayList<>();
        List<MultiGauge.Row<?>> payoutRows = new ArrayList<>();
        List<MultiGauge.Row<?>> energyRows = new ArrayList<>();
        queries.<SavingsDay>localWindowStore(LedgerTopology.SAVINGS_DAYS_STORE).ifPresent(store -> {
            try (KeyValueIterator<Windowed<String>, SavingsDay> days = store.fetchAll(today, today)) {
                days.forEachRemaining(day -> {
                    Tags partner = Tags.of("partner", day.key.key());
                    var tally = day.value.tally();
                    jobRows.add(MultiGauge.Row.of(partner, tally.jobs()));
                    tally.avoidedCostUsd().forEach((offer, usd) ->
                            avoidedRows.add(MultiGauge.Row.of(partner.and("offer", offer), usd.doubleValue())));
                    payoutRows.add(MultiGauge.Row.of(partner, tally.owners().grossUsd().doubleValue()));
                    energyRows.add(MultiGauge.Row.of(partner, tally.owners().energyKwh().doubleValue()));
                });
            }
        });
        jobs.register(jobRows, true);
        avoided.register(avoidedRows, true);
        payouts.register(payoutRows, true);
        energy.register(energyRows, true);

        List<MultiGauge.Row<?>> h100Rows = new ArrayList<>();
        double h100Tops = queries.<ReferenceDataEvent>localStore(ReferenceItems.STORE).map(ReferenceItems::priceBook)
                .flatMap(prices -> {
                    try {
                        return java.util.Optional.of(prices.constant("h100_tops", Instant.now()).doubleValue());
                    } catch (PriceBook.Missing e) {
                        return java.util.Optional.empty();
                    }
                }).orElse(Double.NaN);
        queries.<Fleet>localStore(CapacityTopology.CAPACITY_STORE).ifPresent(store -> {
            try (KeyValueIterator<String, Fleet> fleets = store.all()) {
                fleets.forEachRemaining((KeyValue<String, Fleet> fleet) -> h100Rows.add(MultiGauge.Row.of(
                        Tags.of("partner", fleet.key), fleet.value.total().eligibleTops().doubleValue() / h100Tops)));
            }
        });
        h100.register(h100Rows, true);
    }
}
