package io.nhp.economics.streams;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nhp.contracts.Topics;
import io.nhp.contracts.events.DeadLetterEvent;
import io.nhp.contracts.events.PartnerProfileEvent;
import io.nhp.contracts.events.ProjectionEvent;
import io.nhp.contracts.events.ReferenceDataEvent;
import io.nhp.kafka.testkit.DriverTopics;
import io.nhp.modeldata.ModelData;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ProjectionTopologyTest {

    private static final Instant T = Instant.parse("2026-11-22T22:00:00Z");

    private TopologyTestDriver driver;
    private TestInputTopic<String, ReferenceDataEvent> prices;
    private TestInputTopic<String, PartnerProfileEvent> partners;
    private TestOutputTopic<String, ProjectionEvent> projections;
    private TestOutputTopic<String, DeadLetterEvent> deadLetters;
    private List<ReferenceDataEvent> seed;

    @BeforeEach
    void setUp() {
        var props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "projection-test");
        driver = new TopologyTestDriver(ProjectionTopology.addTo(ReferenceItems.addTo(new Topology())), props);
        prices = DriverTopics.input(driver, Topics.REFERENCE_PRICES);
        partners = DriverTopics.input(driver, Topics.REFERENCE_PARTNERS);
        projections = DriverTopics.output(driver, Topics.ECONOMICS_PROJECTIONS);
        deadLetters = DriverTopics.output(driver, Topics.DEAD_LETTER);
        seed = ModelData.referenceItems().stream()
                .map(i -> new ReferenceDataEvent("e-" + i.id(), T, i.kind(), i.id(), 1L, T, "seed", i.data(), List.of()))
                .toList();
    }

    @AfterEach
    void tearDown() {
        driver.close();
    }

    @Test
    void shouldProjectAPartnerInBothModesOnceTheReferenceDataIsComplete() {
        // given a profile that arrives before the prices
        partners.pipeInput("xiaomi", profile("xiaomi", 1));
        settle();
        assertThat(projections.isEmpty()).isTrue();

        // when every reference item has arrived, item by item
        seed.forEach(item -> prices.pipeInput(item.key(), item));
        settle();

        // then one projection with both modes, and the versions it used
        ProjectionEvent projection = projections.readValue();
        assertThat(projections.isEmpty()).isTrue();
        assertThat(h100(projection, "reference")).isEqualTo("1,830,000");
        assertThat(h100(projection, "corrected")).isEqualTo("1,530,000");
        assertThat(projection.inputVersions()).containsEntry("cloud:aws_a100", 1L).doesNotContainKey("task:inference_text");
        assertThat(projection.partnerVersion()).isEqualTo(1L);
    }

    @Test
    void shouldRecomputeEveryPartnerWhenAPriceChangesAndNothingWhenNothingChanges() {
        // given two projected partners
        seed.forEach(item -> prices.pipeInput(item.key(), item));
        partners.pipeInput("xiaomi", profile("xiaomi", 1));
        partners.pipeInput("apple", profile("apple", 1));
        settle();
        projections.readKeyValuesToList();

        // when the AWS A100 price doubles
        ReferenceDataEvent a100 = seed.stream().filter(i -> i.key().equals("cloud:aws_a100")).findFirst().orElseThrow();
        ReferenceDataEvent doubled = a100.next(((ObjectNode) a100.data().deepCopy()).put("hourly_cost_usd", 65.54), T, "admin");
        prices.pipeInput(doubled.key(), doubled);
        settle();

        // then both partners' breakeven savings double
        var changed = projections.readKeyValuesToMap();
        assertThat(changed).containsOnlyKeys("xiaomi", "apple");
        assertThat(breakevenSavings(changed.get("xiaomi"))).isEqualTo("$17.4M");
        assertThat(changed.get("xiaomi").inputVersions()).containsEntry("cloud:aws_a100", 2L);

        // and a task type change or the same profile again publishes nothing
        ReferenceDataEvent task = seed.stream().filter(i -> i.key().startsWith("task:")).findFirst().orElseThrow();
        prices.pipeInput(task.key(), task.next(((ObjectNode) task.data().deepCopy()).put("parallelizable", 0.1), T, "admin"));
        partners.pipeInput("xiaomi", profile("xiaomi", 1));
        settle();
        assertThat(projections.isEmpty()).isTrue();
    }

    @Test
    void shouldRefuseACorrectedProjectionOfAShortIntegrationAndDropARemovedPartner() {
        seed.forEach(item -> prices.pipeInput(item.key(), item));
        settle();
        PartnerProfileEvent quick = profile("xiaomi", 2);
        ((ObjectNode) quick.profile().path("partnership")).put("integration_months", 4);
        partners.pipeInput("xiaomi", quick);
        settle();

        ProjectionEvent projection = projections.readValue();
        assertThat(projection.projections()).containsOnlyKeys("reference");
        assertThat(projection.refused().get("corrected")).contains("D8");

        partners.pipeInput("xiaomi", (PartnerProfileEvent) null);
        var tombstone = projections.readRecord();
        assertThat(tombstone.key()).isEqualTo("xiaomi");
        assertThat(tombstone.value()).isNull();
    }

    @Test
    void shouldDeadLetterAProfileThatCannotBeProjectedWithTheReasonAndProjectTheOthers() {
        // given the reference data, and a profile whose flagship's TOPS is not a number
        seed.forEach(item -> prices.pipeInput(item.key(), item));
        settle();
        PartnerProfileEvent broken = profile("xiaomi", 3);
        ((ObjectNode) broken.profile().path("flagship_models").get(0)).put("tops", "NaN");

        // when it comes, with a sound one
        partners.pipeInput("xiaomi", broken);
        partners.pipeInput("apple", profile("apple", 1));
        settle();

        // then the broken profile is a dead letter keyed by its topic, naming the topic (a punctuation has no
        // offset), the partner, the profile and why
        var dead = deadLetters.readRecord();
        assertThat(dead.key()).isEqualTo(Topics.REFERENCE_PARTNERS.name());
        assertThat(dead.value()).extracting(DeadLetterEvent::service, DeadLetterEvent::sourceTopic,
                        DeadLetterEvent::partition, DeadLetterEvent::offset, DeadLetterEvent::key)
                .containsExactly("economics-service", Topics.REFERENCE_PARTNERS.name(), null, null, "xiaomi");
        assertThat(dead.value().reason()).isEqualTo("java.lang.IllegalArgumentException: not a printable figure: NaN");
        assertThat(dead.value().value()).contains("\"version\":3");
        assertThat(deadLetters.isEmpty()).isTrue();
        // and the sound one is projected, the broken one not
        assertThat(projections.readKeyValuesToMap()).containsOnlyKeys("apple");
    }

    /** Lets the wall clock pass the recomputation interval. */
    private void settle() {
        driver.advanceWallClockTime(ProjectionTopology.RECOMPUTE_EVERY.multipliedBy(2));
    }

    private static PartnerProfileEvent profile(String key, long version) {
        JsonNode profile = ModelData.partners(List.of(key)).get(key);
        return new PartnerProfileEvent("p-" + key, T, key, version, T, "seed", profile);
    }

    private static String h100(ProjectionEvent projection, String mode) {
        return projection.projections().get(mode).at("/fleet/variants/0/cells/4").asText();
    }

    private static String breakevenSavings(ProjectionEvent projection) {
        return projection.projections().get("reference").at("/breakeven/variants/0/cells/2").asText();
    }
}
