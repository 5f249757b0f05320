package io.nhp.sim.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A partner's simulated fleet, drawn from its profile with a seed (the same seed, the same fleet): device models in
 * proportion to the units each sold, markets by weight (equal unless configured) with their real time zones,
 * owners with one or two phones, each phone's night, and a share of faulty and dishonest phones.
 */
public final class FleetPlan {

    /** How a phone behaves when it computes. */
    public enum Behaviour { HONEST, FAULTY, DISHONEST }

    /** One simulated phone before it registers. */
    public record Phone(int index, String partner, String model, double tops, String market, ZoneId zone,
                        String ownerId, Night night, Behaviour behaviour) {
    }

    private FleetPlan() {
    }

    public static List<Phone> draw(String partner, JsonNode profile, int devices, Map<String, Double> marketWeights,
                                   double faulty, double dishonest, long seed) {
        Random random = new Random(seed);
        Map<JsonNode, Double> models = new LinkedHashMap<>();
        for (String list : List.of("flagship_models", "midrange_models")) {
            profile.path(list).forEach(model -> models.put(model, model.path("units_m").asDouble(1)));
        }
        Map<String, Double> markets = new LinkedHashMap<>();
        profile.path("primary_markets").forEach(market -> {
            String name = market.path("name").asText();
            markets.put(name, marketWeights.getOrDefault(name, 1.0));
        });
        if (models.isEmpty() || markets.isEmpty()) {
            throw new IllegalArgumentException("partner " + partner + " has no device models or no primary markets");
        }
        List<Phone> phones = new ArrayList<>(devices);
        for (int i = 0; i < devices; i++) {
            JsonNode model = Weighted.pick(random, models);
            String market = Weighted.pick(random, markets);
            List<ZoneId> zones = Zones.of(market);
            double roll = random.nextDouble();
            Behaviour behaviour = roll < faulty ? Behaviour.FAULTY
                    : roll < faulty + dishonest ? Behaviour.DISHONEST : Behaviour.HONEST;
            phones.add(new Phone(i, partner, model.path("name").asText(), model.path("tops").asDouble(), market,
                    zones.get(random.nextInt(zones.size())), "sim-" + partner + "-owner-" + i / 2,
                    Night.draw(random), behaviour));
        }
        return phones;
    }
}
