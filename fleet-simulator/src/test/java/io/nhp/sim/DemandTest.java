package io.nhp.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class DemandTest {

    @Test
    void shouldKeepTheDaysRequestsAndPeakInTheEvening() {
        double mean = IntStream.range(0, 1440).mapToDouble(Demand::shape).average().orElseThrow();
        assertThat(mean).isCloseTo(1.0, within(1e-9));
        assertThat(Demand.shape(io.nhp.sim.model.Night.minuteFromNoon(20, 0)))
                .isGreaterThan(Demand.shape(io.nhp.sim.model.Night.minuteFromNoon(3, 0)) * 2);
    }

    @Test
    void shouldDrawJobsAroundTheMeanAndTasksByWeight() {
        Random random = new Random(3);
        double draws = IntStream.range(0, 20_000).map(i -> Demand.poisson(random, 2.5)).average().orElseThrow();
        assertThat(draws).isCloseTo(2.5, within(0.05));
        Map<String, Double> mix = new LinkedHashMap<>(Map.of("inference_text", 0.7, "inference_image", 0.3));
        long text = IntStream.range(0, 10_000).filter(i -> Demand.task(random, mix).equals("inference_text")).count();
        assertThat(text / 10_000.0).isCloseTo(0.7, within(0.02));
    }
}
