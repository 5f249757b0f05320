package io.nhp.economics.api;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.nhp.contracts.events.JobCompletedEvent;
import io.nhp.contracts.events.ReferenceDataEvent;
import io.nhp.contracts.fleet.Fleet;
import io.nhp.economics.domain.PriceBook;
import io.nhp.economics.domain.SavingsDay;
import io.nhp.economics.streams.CapacityTopology;
import io.nhp.economics.streams.LedgerTopology;
import io.nhp.economics.streams.ReferenceItems;
import io.nhp.service.kafka.StoreGauges;
import io.nhp.service.kafka.StoreQueries;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.state.KeyValueIterator;

/**
 * Today's (UTC) live economics by partner, and eligible compute, as gauges refreshed from this instance's part of
 * the stores: each partner is held by exactly one instance, so the series of all instances add up.
 * {@code nhp.economics.jobs.today}, {@code nhp.economics.avoided.cost.usd.today{offer}},
 * {@code nhp.economics.payouts.usd.today}, {@code nhp.economics.energy.kwh.today},
 * {@code nhp.economics.h100.equivalent}; and who served the partner's requests:
 * {@code nhp.economics.requests.served.today{served_by=phones|cloud}} (canaries, checks rather than requests, are
 * {@code nhp.economics.canary.jobs.today}), {@code nhp.economics.cloud.cost.usd.today{offer}} (cost incurred by the
 * fallback), {@code nhp.economics.platform.payouts.usd.today} (canaries' pay) and
 * {@code nhp.economics.dissenting.results.today} (dishonest results caught). Gauges rather than counters: the stores
 * hold each job exactly once, which a counter bumped in a processor would not under exactly-once retries.
 */
@ApplicationScoped
public class EconomicsGauges {

    private final StoreQueries queries;
    private final MultiGauge jobs;
    private final MultiGauge avoided;
    private final MultiGauge payouts;
    private final MultiGauge energy;
    private final MultiGauge h100;
    private final MultiGauge served;
    private final MultiGauge cloudCost;
    private final MultiGauge canaries;
    private final MultiGauge platformPayouts;
    private final MultiGauge dissenting;

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
        this.served = MultiGauge.builder("nhp.economics.requests.served.today")
                .description("Partner jobs completed today (UTC), by who served them: phones (validated) or cloud "
                        + "(the partner's fallback)").register(meters);
        this.cloudCost = MultiGauge.builder("nhp.economics.cloud.cost.usd.today")
                .description("Cloud cost incurred today by jobs the partner's cloud fallback served, per cloud offer")
                .register(meters);
        this.canaries = MultiGauge.builder("nhp.economics.canary.jobs.today")
                .description("Platform canary jobs the partner's phones computed today").register(meters);
        this.platformPayouts = MultiGauge.builder("nhp.economics.platform.payouts.usd.today")
                .description("Owner payouts for canaries today, paid by the platform").register(meters);
        this.dissenting = MultiGauge.builder("nhp.economics.dissenting.results.today")
                .description("Results that disagreed with the accepted answer today (dishonest results caught)")
                .register(meters);
    }

    @Scheduled(every = StoreGauges.EVERY, delayed = StoreGauges.FIRST_AFTER,
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void refresh() {
        StoreGauges.refresh(this::read);
    }

    private void read() {
        Instant today = Instant.now().truncatedTo(ChronoUnit.DAYS);
        List<MultiGauge.Row<?>> jobRows = new ArrayList<>();
        List<MultiGauge.Row<?>> avoidedRows = new ArrayList<>();
        List<MultiGauge.Row<?>> payoutRows = new ArrayList<>();
        List<MultiGauge.Row<?>> energyRows = new ArrayList<>();
        List<MultiGauge.Row<?>> servedRows = new ArrayList<>();
        List<MultiGauge.Row<?>> cloudCostRows = new ArrayList<>();
        List<MultiGauge.Row<?>> canaryRows = new ArrayList<>();
        List<MultiGauge.Row<?>> platformRows = new ArrayList<>();
        List<MultiGauge.Row<?>> dissentingRows = new ArrayList<>();
        queries.<SavingsDay>localWindowStore(LedgerTopology.SAVINGS_DAYS_STORE).ifPresent(store -> {
            try (KeyValueIterator<Windowed<String>, SavingsDay> days = store.fetchAll(today, today)) {
                days.forEachRemaining(day -> {
                    Tags partner = Tags.of("partner", day.key.key());
                    var tally = day.value.tally();
                    jobRows.add(MultiGauge.Row.of(partner, tally.jobs()));
                    tally.avoidedCostUsd().forEach((offer, usd) ->
                            avoidedRows.add(MultiGauge.Row.of(partner.and("offer", offer), usd.doubleValue())));
                    payoutRows.add(MultiGauge.Row.of(partner, tally.owners().grossUsd().doubleValue()));
                    servedRows.add(MultiGauge.Row.of(partner.and("served_by", JobCompletedEvent.PHONES), tally.jobs()));
                    servedRows.add(MultiGauge.Row.of(partner.and("served_by", JobCompletedEvent.CLOUD),
                            tally.cloudJobs()));
                    tally.cloudCostUsd().forEach((offer, usd) ->
                            cloudCostRows.add(MultiGauge.Row.of(partner.and("offer", offer), usd.doubleValue())));
                    canaryRows.add(MultiGauge.Row.of(partner, tally.canaryJobs()));
                    platformRows.add(MultiGauge.Row.of(partner, tally.platformPaid().grossUsd().doubleValue()));
                    dissentingRows.add(MultiGauge.Row.of(partner, tally.dissentingResults()));
                    energyRows.add(MultiGauge.Row.of(partner, tally.owners().energyKwh().doubleValue()));
                });
            }
        });
        jobs.register(jobRows, true);
        avoided.register(avoidedRows, true);
        payouts.register(payoutRows, true);
        energy.register(energyRows, true);
        served.register(servedRows, true);
        cloudCost.register(cloudCostRows, true);
        canaries.register(canaryRows, true);
        platformPayouts.register(platformRows, true);
        dissenting.register(dissentingRows, true);

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
