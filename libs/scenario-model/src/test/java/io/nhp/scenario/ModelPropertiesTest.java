package io.nhp.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nhp.figures.Mode;
import io.nhp.modeldata.ModelData;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Properties that hold for any partner and prices, checked over seeded random cases. */
class ModelPropertiesTest {

    static IntStream seeds() {
        return IntStream.range(0, 50);
    }

    /** A shipped profile with random fleet, sales and load. */
    static Company randomCompany(Random random) {
        String key = ModelData.PARTNERS.get(random.nextInt(ModelData.PARTNERS.size()));
        ObjectNode profile = (ObjectNode) ModelData.partners(List.of(key)).get(key);
        profile.put("active_devices_millions", 1 + random.nextInt(2000));
        profile.put("annual_phone_sales_millions", random.nextInt(500));
        ((ObjectNode) profile.path("ai_services").get(0)).put("daily_requests", (long) random.nextInt(2_000_000_000));
        return Company.from(profile);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void growthShouldNeverExceedTheActiveDevices(int seed) {
        Random random = new Random(seed);
        Company company = randomCompany(random);
        double growth = random.nextDouble() * 10;
        ModelInputs inputs = ModelFixtures.inputsWith("tier:moderate", d -> d.put("growth", growth));
        for (Mode mode : Mode.values()) {
            var projection = ScenarioModel.project(company, inputs, mode).growth();
            for (var row : projection.variants()) {
                assertThat(row.devicesByYear()).allSatisfy(x -> assertThat(x).isLessThanOrEqualTo((double) projection.cap()));
                assertThat(row.devicesByYear()).isSorted();
            }
        }
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void savingsShouldGrowWithCoverage(int seed) {
        Random random = new Random(seed);
        Company company = randomCompany(random);
        double lower = random.nextDouble() * 0.9;
        double higher = lower + 0.01 + random.nextDouble() * (1 - lower - 0.01);
        double low = optimisticSavings(company, lower);
        double high = optimisticSavings(company, higher);
        assertThat(high).isGreaterThanOrEqualTo(low);
        if (low > 0) {
            assertThat(high).isGreaterThan(low);
        }
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void incomeShouldFallAsElectricityGetsDearer(int seed) {
        Random random = new Random(seed);
        double cheaper = 0.01 + random.nextDouble();
        double dearer = cheaper + 0.01 + random.nextDouble();
        assertThat(indiaMonthlyIncome(dearer)).isLessThan(indiaMonthlyIncome(cheaper));
    }

    private static double optimisticSavings(Company company, double coverage) {
        ModelInputs inputs = ModelFixtures.inputsWith("tier:optimistic", d -> d.put("coverage", coverage));
        return ScenarioModel.project(company, inputs, Mode.CORRECTED)
                .cloudSavings().offers().get(0).variants().get(0).annualSavingsUsd();
    }

    private static double indiaMonthlyIncome(double electricity) {
        ModelInputs inputs = ModelFixtures.inputsWith("region:india", d -> d.put("electricity_usd_per_kwh", electricity));
        return ScenarioModel.project(ModelFixtures.company("xiaomi"), inputs, Mode.CORRECTED).userIncome().stream()
                .filter(m -> m.market().equals("India")).findFirst().orElseThrow()
                .variants().get(0).monthlyNetUsd();
    }
}
