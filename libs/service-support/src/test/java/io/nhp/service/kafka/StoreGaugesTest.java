package io.nhp.service.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.junit.jupiter.api.Test;

/** What a scraper reads of gauges refreshed from stores, as the stores answer, stop answering, or fail. */
class StoreGaugesTest {

    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    final MultiGauge online = MultiGauge.builder("nhp.devices.online").register(meters);

    @Test
    void shouldShowWhatTheStoresHoldAtEachRefresh() {
        // when two refreshes read the stores, a partner gone from this instance by the second
        StoreGauges.refresh(() -> online.register(List.of(row("xiaomi", 40), row("vivo", 7)), true));
        StoreGauges.refresh(() -> online.register(List.of(row("xiaomi", 41)), true));

        // then the gauges show the last read
        assertThat(scraped()).isEqualTo(Map.of("xiaomi", 41.0));
    }

    @Test
    void shouldKeepTheLastValuesWhileAStoreStopsAnsweringDuringTheRead() {
        // given gauges read once
        StoreGauges.refresh(() -> online.register(List.of(row("xiaomi", 40)), true));

        // when the next read finds the store rebalancing
        StoreGauges.refresh(() -> {
            throw new InvalidStateStoreException("the state store, fleet, may have migrated to another instance");
        });

        // then nothing is thrown to the scheduler, and the gauges keep their values until the store answers again
        assertThat(scraped()).isEqualTo(Map.of("xiaomi", 40.0));
        StoreGauges.refresh(() -> online.register(List.of(row("xiaomi", 42)), true));
        assertThat(scraped()).isEqualTo(Map.of("xiaomi", 42.0));
    }

    @Test
    void shouldNotHideAnyOtherFailure() {
        assertThatThrownBy(() -> StoreGauges.refresh(() -> {
            throw new IllegalArgumentException("a price book without h100_tops");
        })).isInstanceOf(IllegalArgumentException.class).hasMessage("a price book without h100_tops");
    }

    private static MultiGauge.Row<?> row(String partner, double value) {
        return MultiGauge.Row.of(Tags.of("partner", partner), value);
    }

    /** The online gauge's series, by partner, as a scrape sees them. */
    private Map<String, Double> scraped() {
        Map<String, Double> series = new TreeMap<>();
        meters.find("nhp.devices.online").gauges().forEach(g -> series.put(g.getId().getTag("partner"), g.value()));
        return series;
    }
}
