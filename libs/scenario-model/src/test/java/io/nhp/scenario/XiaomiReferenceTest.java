package io.nhp.scenario;

import io.nhp.contracts.projection.Projection;
import static org.assertj.core.api.Assertions.assertThat;

import io.nhp.scenario.ReferenceReport.Section;
import io.nhp.figures.Mode;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Golden test: every model-derived figure of the published Xiaomi report, read from the report file itself,
 * is reproduced by reference mode.
 */
class XiaomiReferenceTest {

    static final ReferenceReport REPORT = ReferenceReport.read(ReferenceReport.XIAOMI);
    static final Projection P = ScenarioModel.project(ModelFixtures.company("xiaomi"), ModelFixtures.inputs(), Mode.REFERENCE);

    @Test
    void shouldReproduceTheCompanyOverview() {
        assertThat(P.overview()).isEqualTo(REPORT.section(1).table(0));
    }

    @Test
    void shouldReproduceTheFleetAndItsComputingPower() {
        Section fleet = REPORT.section(2);
        assertThat(P.fleet().flagshipDevices()).isEqualTo(fleet.table(0));
        assertThat(P.fleet().midrangeDevices()).isEqualTo(fleet.table(1));
        assertThat(P.fleet().metrics()).isEqualTo(fleet.table(2));
        assertThat(P.fleet().variants()).extracting(Projection.FleetRow::cells).isEqualTo(fleet.table(3));
    }

    @Test
    void shouldReproduceTheSecurityAssessment() {
        Section security = REPORT.section(3);
        assertThat(P.security().rows()).isEqualTo(security.table(0));
        assertThat("TEE Readiness: " + P.security().teeReadiness() + " | API Access: " + P.security().apiAccess())
                .isEqualTo(security.linesStartingWith("TEE Readiness").get(0));
    }

    @Test
    void shouldReproduceTheAiServices() {
        Section services = REPORT.section(4);
        assertThat(P.aiServices()).extracting(Projection.AiServiceLine::dailyRequestsCell)
                .isEqualTo(strip(services.linesStartingWith("- Daily requests: "), "- Daily requests: "));
        assertThat(P.aiServices()).extracting(Projection.AiServiceLine::estAnnualCloudCostCell)
                .isEqualTo(strip(services.linesStartingWith("- Est. annual cloud cost: "), "- Est. annual cloud cost: "));
    }

    @Test
    void shouldReproduceTheSavingsAgainstEveryCloudOffer() {
        Section cloud = REPORT.section(5);
        assertThat(P.cloudSavings().totalDailyRequestsCell()).isEqualTo(cloud.after("Total daily AI requests: "));
        assertThat(P.cloudSavings().gpuHoursPerDayCell()).isEqualTo(cloud.after("Total daily GPU hours needed: "));
        List<Projection.CloudOfferSavings> offers = P.cloudSavings().offers();
        assertThat(offers).extracting(o -> "### vs " + o.name() + " (" + o.gpuModel() + ")")
                .isEqualTo(cloud.linesStartingWith("### vs "));
        assertThat(offers).extracting(Projection.CloudOfferSavings::annualCostCell)
                .isEqualTo(strip(cloud.linesStartingWith("Annual cloud cost (100%): "), "Annual cloud cost (100%): "));
        for (int i = 0; i < offers.size(); i++) {
            assertThat(offers.get(i).variants()).extracting(Projection.SavingsRow::cells).isEqualTo(cloud.table(i));
        }
        assertThat(cloud.tables()).hasSize(offers.size());
    }

    @Test
    void shouldReproduceTheOwnersIncomeInEveryMarket() {
        assertThat(P.userIncome().stream().flatMap(m -> m.variants().stream()).map(Projection.IncomeRow::cells))
                .containsExactlyElementsOf(REPORT.section(6).table(0));
    }

    @Test
    void shouldReproduceTheEnvironmentalImpact() {
        assertThat(P.environment()).extracting(Projection.EnvironmentRow::cells).isEqualTo(REPORT.section(7).table(0));
    }

    @Test
    void shouldReproduceTheNetworkGrowth() {
        Section growth = REPORT.section(8);
        assertThat(P.growth().startCell() + " devices (5% of annual sales)").isEqualTo(growth.after("Starting point: "));
        assertThat(P.growth().variants()).extracting(Projection.GrowthRow::cells).isEqualTo(growth.table(0));
    }

    @Test
    void shouldReproduceThePartnershipAssessment() {
        assertThat(P.partnership()).isEqualTo(REPORT.section(9).table(0));
    }

    @Test
    void shouldReproduceBreakevenAndRoi() {
        assertThat(P.breakeven().variants()).extracting(Projection.BreakevenRow::cells)
                .isEqualTo(REPORT.section(10).table(0));
    }

    @Test
    void shouldReproduceTheRoadmap() {
        Section roadmap = REPORT.section(11);
        assertThat(P.roadmap().totalCell()).isEqualTo(roadmap.lines().get(0));
        assertThat(P.roadmap().phases()).isEqualTo(roadmap.table(0).stream().map(r -> r.subList(0, 2)).toList());
    }

    @Test
    void shouldReproduceTheRisksProbabilitiesAndImpacts() {
        assertThat(P.risks()).extracting(r -> List.of(r.risk(), r.probability(), r.impact()))
                .isEqualTo(REPORT.section(12).table(0).stream().map(r -> List.of(r.get(0), r.get(2), r.get(3))).toList());
    }

    @Test
    void shouldListThePrimaryMarkets() {
        assertThat(P.markets().stream().map(m -> "- 🌍 " + m.get(0) + " (" + m.get(1) + ")"))
                .containsExactlyElementsOf(REPORT.section(13).linesStartingWith("- 🌍"));
    }

    @Test
    void shouldHaveReadEveryNumberedSectionOfTheReport() {
        assertThat(REPORT.sections()).containsOnlyKeys(Stream.iterate(1, i -> i + 1).limit(13).toList());
    }

    private static List<String> strip(List<String> lines, String prefix) {
        return lines.stream().map(l -> l.substring(prefix.length())).toList();
    }
}
