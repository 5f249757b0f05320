package io.nhp.pricing.catalog;

import static io.nhp.pricing.domain.TestJson.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.nhp.contracts.events.ReferenceDataEvent;
import io.nhp.contracts.events.ReferenceKind;
import io.nhp.modeldata.ModelData;
import io.nhp.service.ProblemException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** How the reference catalog seeds and versions its items (the topic's side is {@code ReferenceDataIT}). */
class ReferenceCatalogTest {

    static final Instant T0 = Instant.parse("2026-12-06T12:00:00Z");
    static final List<ModelData.Item> SEEDS = ModelData.referenceItems();

    @Test
    void shouldSeedEveryShippedItemAsVersionOneOnAnEmptyTopic() {
        List<ReferenceDataEvent> seeded = ReferenceCatalog.missingSeeds(SEEDS, key -> false, T0);

        assertThat(seeded).extracting(ReferenceDataEvent::key)
                .containsExactlyElementsOf(SEEDS.stream().map(s -> s.kind().key(s.id())).toList());
        assertThat(seeded).allSatisfy(item -> {
            assertThat(item.version()).isEqualTo(1L);
            assertThat(item.changedBy()).isEqualTo(CompactedCatalog.SEED_AUTHOR);
            assertThat(item.effectiveAt()).isEqualTo(T0);
            assertThat(item.history()).isEmpty();
        });
    }

    @Test
    void shouldSeedOnlyTheItemsTheTopicLacks() {
        // given the topic has the H100 offer (perhaps changed since) and one region
        Set<String> stored = Set.of("cloud:aws_h100", "region:india");

        // when
        List<ReferenceDataEvent> seeded = ReferenceCatalog.missingSeeds(SEEDS, stored::contains, T0);

        // then those two are left as they are, and everything else is seeded
        assertThat(seeded).hasSize(SEEDS.size() - 2).extracting(ReferenceDataEvent::key)
                .doesNotContainAnyElementsOf(stored).contains("cloud:aws_a100", "region:china");
    }

    @Test
    void shouldSeedNothingWhenTheTopicHasEveryItem() {
        assertThat(ReferenceCatalog.missingSeeds(SEEDS, key -> true, T0)).isEmpty();
    }

    @Test
    void shouldMakeAChangeTheNextVersionKeepingTheEarlierOneInItsHistory() {
        // given the H100 offer as seeded
        ReferenceDataEvent seeded = h100();

        // when the admin lowers its price
        ReferenceDataEvent changed = ReferenceCatalog.changed(seeded, json("{\"hourly_cost_usd\": 95}"), "admin",
                T0.plusSeconds(60)).orElseThrow();

        // then version 2 holds the new price and the other fields; version 1 is its history
        assertThat(changed.version()).isEqualTo(2L);
        assertThat(changed.changedBy()).isEqualTo("admin");
        assertThat(changed.effectiveAt()).isEqualTo(T0.plusSeconds(60));
        assertThat(changed.data().path("hourly_cost_usd").decimalValue()).isEqualByComparingTo("95.0");
        assertThat(changed.data().path("gpu_model")).isEqualTo(seeded.data().path("gpu_model"));
        assertThat(changed.history()).containsExactly(seeded.revision());
        assertThat(changed.revisions()).extracting(ReferenceDataEvent.Revision::version).containsExactly(1L, 2L);
    }

    @Test
    void shouldPublishNothingForAChangeThatAltersNothing() {
        ReferenceDataEvent seeded = h100();
        String price = seeded.data().path("hourly_cost_usd").toString();

        Optional<ReferenceDataEvent> changed = ReferenceCatalog.changed(seeded,
                json("{\"hourly_cost_usd\": " + price + "}"), "admin", T0);

        assertThat(changed).isEmpty();
    }

    @Test
    void shouldRefuseAChangeItsKindDoesNotAllow() {
        ReferenceDataEvent market = ReferenceCatalog.missingSeeds(SEEDS, key -> !key.startsWith("market:"), T0).get(0);

        ProblemException refused = catchThrowableOfType(ProblemException.class,
                () -> ReferenceCatalog.changed(market, json("{\"region\": \"china\"}"), "admin", T0));

        assertThat(refused.status()).isEqualTo(405);
    }

    private static ReferenceDataEvent h100() {
        return ReferenceCatalog.missingSeeds(SEEDS, key -> !key.equals("cloud:aws_h100"), T0).get(0);
    }
}
