package io.nhp.sim.model;

import java.util.Map;
import java.util.Random;

/** A draw by weight (models by units sold, markets, task types). */
public final class Weighted {

    private Weighted() {
    }

    public static <T> T pick(Random random, Map<T, Double> weights) {
        double total = weights.values().stream().mapToDouble(Double::doubleValue).sum();
        double roll = random.nextDouble() * total;
        for (Map.Entry<T, Double> entry : weights.entrySet()) {
            roll -= entry.getValue();
            if (roll < 0) {
                return entry.getKey();
            }
        }
        return weights.keySet().iterator().next();
    }
}
