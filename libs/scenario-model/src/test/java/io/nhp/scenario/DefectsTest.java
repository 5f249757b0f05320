package io.nhp.scenario;

import io.nhp.contracts.projection.Projection;
import static io.nhp.figures.Mode.CORRECTED;
import static io.nhp.figures.Mode.REFERENCE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nhp.figures.Mode;
import io.nhp.modeldata.ModelData;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each defect of MODEL.md §10.1: what the reference does, and what corrected mode does instead. */
class DefectsTest {

    static Projection project(String partner, Mode mode) {
        return ScenarioModel.project(ModelFixtures.company(partner), ModelFixtures.inputs(), mode);
    }

    static Projection.IncomeMarket market(Projection p, String market) {
        return p.userIncome().stream().filter(m -> m.market().equals(market)).findFirst().orElseThrow();
    }

    @Test
    void d1ShouldResolveSoutheastAsiaToItsOwnRegionWhenCorrected() {
        var reference = market(project("xiaomi", REFERENCE), "Southeast Asia");
        assertThat(reference.region()).isEqualTo("South Korea");
        assertThat(reference.electricityUsdPerKwh()).isEqualTo(0.10);
        assertThat(reference.avgMonthlyIncomeUsd()).isEqualTo(2800);
        assertThat(reference.variants().get(0).cells().get(5)).isEqualTo("3.75%");

        var corrected = market(project("xiaomi", CORRECTED), "Southeast Asia");
        assertThat(corrected.region()).isEqualTo("Southeast Asia");
        assertThat(corrected.regionId()).isEqualTo("southeast_asia");
        assertThat(corrected.electricityUsdPerKwh()).isEqualTo(0.09);
        assertThat(corrected.avgMonthlyIncomeUsd()).isEqualTo(500);
        assertThat(corrected.variants().get(0).cells().get(5)).isEqualTo("20.99%");
    }

    @Test
    void d1ShouldResolveAfricaAndSayWhenTheDefaultStandsIn() {
        var reference = market(project("huawei", REFERENCE), "Africa");
        assertThat(reference.region()).isEqualTo("Africa");
        assertThat(reference.defaultRegion()).isTrue();
        assertThat(reference.variants().get(0).cells().get(5)).isEqualTo("10.49%");
        var corrected = market(project("huawei", CORRECTED), "Africa");
        assertThat(corrected.region()).isEqualTo("Sub-Saharan Africa");
        assertThat(corrected.electricityUsdPerKwh()).isEqualTo(0.10);
        assertThat(corrected.variants().get(0).cells().get(5)).isEqualTo("41.97%");

        assertThat(market(project("xiaomi", REFERENCE), "Latin America").region()).isEqualTo("Latin America");
        var latam = market(project("xiaomi", CORRECTED), "Latin America");
        assertThat(latam.region()).isEqualTo("Latin America (default)");
        assertThat(latam.defaultRegion()).isTrue();
        assertThat(latam.electricityUsdPerKwh()).isEqualTo(0.12);
        assertThat(latam.avgMonthlyIncomeUsd()).isEqualTo(1000);
    }

    @Test
    void d1ShouldDependOnFileOrderOnlyInReferenceMode() {
        // move Southeast Asia before South Korea: the prefix lookup now finds it for "South Korea" too
        ModelInputs reordered = ModelFixtures.inputsWith("region:southeast_asia", d -> d.put("position", -1));
        var samsung = ModelFixtures.company("samsung");
        assertThat(ScenarioModel.project(samsung, reordered, REFERENCE).userIncome())
                .extracting(Projection.IncomeMarket::region).contains("Southeast Asia").doesNotContain("South Korea");
        assertThat(ScenarioModel.project(samsung, reordered, CORRECTED).userIncome())
                .extracting(Projection.IncomeMarket::region).contains("South Korea", "Southeast Asia");
    }

    @Test
    void d2ShouldSplitTheFleetByThePartnersOwnFlagshipShareWhenCorrected() {
        assertThat(project("xiaomi", REFERENCE).fleet().variants().get(0).cells().get(4)).isEqualTo("1,830,000");
        var corrected = project("xiaomi", CORRECTED).fleet();
        assertThat(corrected.flagshipShare()).isEqualTo(0.15);
        assertThat(corrected.variants().get(0).flagshipDevices()).isEqualTo(36_000_000L);
        assertThat(corrected.variants().get(0).cells().get(4)).isEqualTo("1,530,000");
        // Samsung's own share is the assumed one: unchanged
        assertThat(project("samsung", CORRECTED).fleet().variants())
                .extracting(Projection.FleetRow::cells)
                .isEqualTo(project("samsung", REFERENCE).fleet().variants().stream().map(Projection.FleetRow::cells).toList());
    }

    @Test
    void d3ShouldPutTheMinusBeforeTheDollarWhenCorrected() {
        assertThat(project("xiaomi", REFERENCE).breakeven().variants().get(0).cells().get(4)).isEqualTo("$-91.4M");
        assertThat(project("xiaomi", CORRECTED).breakeven().variants().get(0).cells().get(4)).isEqualTo("-$91.4M");
    }

    @Test
    void d5ShouldRoundBreakevenUpWhenCorrected() {
        var reference = project("apple", REFERENCE).breakeven().variants().get(0);
        assertThat(reference.breakevenMonths()).isBetween(75.0, 76.0);
        assertThat(reference.cells().get(3)).isEqualTo("75 months");
        assertThat(project("apple", CORRECTED).breakeven().variants().get(0).cells().get(3)).isEqualTo("76 months");
        assertThat(project("xiaomi", CORRECTED).breakeven().variants().get(0).cells().get(3)).isEqualTo("∞");
    }

    @Test
    void d6ShouldKeepThreeRiskLevelsWhenCorrected() {
        assertThat(probability(project("samsung", REFERENCE), "api_access_denied")).isEqualTo("High");
        assertThat(probability(project("samsung", CORRECTED), "api_access_denied")).isEqualTo("Medium");
        assertThat(probability(project("apple", CORRECTED), "api_access_denied")).isEqualTo("High");
        assertThat(probability(project("xiaomi", REFERENCE), "partnership_rejection")).isEqualTo("Medium");
        assertThat(probability(project("xiaomi", CORRECTED), "partnership_rejection")).isEqualTo("Low");
        assertThat(probability(project("oppo", REFERENCE), "partnership_rejection")).isEqualTo("High");
        assertThat(probability(project("oppo", CORRECTED), "partnership_rejection")).isEqualTo("Medium");
    }

    @Test
    void d7ShouldNotSignAZeroResultWhenCorrected() {
        // given an AWS A100 price at which Apple's optimistic 5-year net is just below zero (it is linear in the price)
        Company apple = ModelFixtures.company("apple");
        double at30 = optimisticBreakeven(apple, 30.0, REFERENCE).fiveYearNetUsd();
        double at40 = optimisticBreakeven(apple, 40.0, REFERENCE).fiveYearNetUsd();
        double dev = apple.partnership().integrationCostMillionsUsd() * 1e6;
        double price = 30.0 + (-0.001 * dev - at30) * (10.0 / (at40 - at30));

        // then the ROI rounds to zero from below: "-0%" as published, "0%" corrected
        var reference = optimisticBreakeven(apple, price, REFERENCE);
        assertThat(reference.roiPct()).isNegative().isGreaterThan(-0.5);
        assertThat(reference.cells().get(5)).isEqualTo("-0%");
        assertThat(optimisticBreakeven(apple, price, CORRECTED).cells().get(5)).isEqualTo("0%");
    }

    private static Projection.BreakevenRow optimisticBreakeven(Company company, double awsA100Price, Mode mode) {
        ModelInputs inputs = ModelFixtures.inputsWith("cloud:aws_a100", d -> d.put("hourly_cost_usd", awsA100Price));
        return ScenarioModel.project(company, inputs, mode).breakeven().variants().get(0);
    }

    @Test
    void d8ShouldRefuseAnIntegrationShorterThanSixMonthsWhenCorrected() {
        ObjectNode profile = (ObjectNode) ModelData.partners(List.of("xiaomi")).get("xiaomi");
        ((ObjectNode) profile.path("partnership")).put("integration_months", 4);
        Company shortIntegration = Company.from(profile);
        var reference = ScenarioModel.project(shortIntegration, ModelFixtures.inputs(), REFERENCE);
        assertThat(reference.roadmap().phases().get(1)).containsExactly("🔵 Phase 2: Prototype", "Month 3-2");
        assertThatThrownBy(() -> ScenarioModel.project(shortIntegration, ModelFixtures.inputs(), CORRECTED))
                .isInstanceOf(ScenarioModel.InvalidInput.class).hasMessageContaining("D8");
    }

    @Test
    void oddityO7ShouldKeepNegativeEnvironmentalFiguresInBothModes() {
        for (Mode mode : Mode.values()) {
            var optimistic = project("apple", mode).environment().get(0);
            assertThat(optimistic.cells().get(2)).isEqualTo("-146,200");
            assertThat(optimistic.carsRemoved()).isEqualTo(-31_782L);
        }
    }

    @Test
    void shouldModelTheCloudCostsTheSpecificationQuotes() {
        assertThat(project("samsung", REFERENCE).cloudSavings().offers().get(0).annualCostCell()).isEqualTo("$24.9M");
        assertThat(project("apple", REFERENCE).cloudSavings().offers().get(0).annualCostCell()).isEqualTo("$45.7M");
        assertThat(project("google", REFERENCE).cloudSavings().offers().get(0).annualCostCell()).isEqualTo("$4.2M");
    }

    @Test
    void shouldProjectEveryShippedPartnerInBothModes() {
        for (String partner : ModelData.PARTNERS) {
            for (Mode mode : Mode.values()) {
                var p = project(partner, mode);
                assertThat(p.cloudSavings().offers()).hasSize(7);
                assertThat(p.fleet().variants()).hasSize(4);
                assertThat(p.userIncome()).hasSameSizeAs(ModelFixtures.company(partner).primaryMarkets());
            }
        }
    }

    private static String probability(Projection p, String risk) {
        return p.risks().stream().filter(r -> r.id().equals(risk)).findFirst().orElseThrow().probability();
    }
}
