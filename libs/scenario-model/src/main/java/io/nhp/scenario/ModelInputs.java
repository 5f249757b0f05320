package io.nhp.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import io.nhp.contracts.events.ReferenceDataEvent;
import io.nhp.contracts.events.ReferenceKind;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The reference data one projection is computed from (MODEL.md §4, cloud-providers.yaml, regions.yaml), read from
 * the items of {@code nhp.reference.prices}, with the version of every item so a projection can say what it used.
 */
public record ModelInputs(List<Variant> variants, List<CloudOffer> clouds, CloudOffer breakevenOffer,
                          List<Region> regions, Region defaultRegion, Map<String, Optional<String>> marketRegion,
                          Constants constants, Map<String, Long> versions) {

    /** A scenario variant (a token price tier); its label in every table is {@code "{emoji} {name}"}. */
    public record Variant(String id, String name, String emoji, double uptime, double coverage, double growth,
                          double tokenPrice, double dcReplaced) {

        public String label() {
            return emoji + " " + name;
        }
    }

    /** A cloud GPU offer; {@code hourlyCostUsd} is one instance of {@code gpusPerInstance} GPUs. */
    public record CloudOffer(String id, String name, String gpuModel, long gpusPerInstance, double hourlyCostUsd) {
    }

    /** A region's electricity price (USD/kWh) and average monthly income (USD). */
    public record Region(String id, String name, double electricityUsdPerKwh, long avgMonthlyIncomeUsd) {
    }

    /** The simulation constants and the constants fixed in the report generator (MODEL.md §4.1, §4.2). */
    public record Constants(double h100Tops, double deviceExtraWatt, double nightlyHours, double gpuRequestTimeSec,
                            double co2PerKwhKg, double dcCo2TonsYear, double co2PerCarTons, long simulationYears,
                            double assumedFlagshipShare, long opsCostUsdPerMonth, long horizonMonths,
                            double initialAdoptionShare, long daysPerMonth, long monthsPerYear, long daysPerYear,
                            double secondsPerHour, double wattsPerKilowatt, double kgPerTon, long devicesPerMillion,
                            long usdPerMillion, long roadmapResearchEndMonth, long roadmapPrototypeEndCap) {
    }

    /** Reference data lacks an item the model needs (normal while the topic is still being read). */
    public static final class MissingInput extends RuntimeException {
        MissingInput(String what) {
            super("reference data lacks " + what);
        }
    }

    /** The inputs in the given items (latest version per key), or {@link MissingInput} naming what is absent. */
    public static ModelInputs from(Collection<ReferenceDataEvent> items) {
        Map<ReferenceKind, List<ReferenceDataEvent>> byKind = new HashMap<>();
        Map<String, Long> versions = new TreeMap<>();
        for (ReferenceDataEvent item : items) {
            byKind.computeIfAbsent(item.kind(), k -> new ArrayList<>()).add(item);
            versions.put(item.key(), item.version());
        }
        Map<String, JsonNode> constants = new HashMap<>();
        byKind.getOrDefault(ReferenceKind.CONSTANT, List.of()).forEach(c -> constants.put(c.id(), c.data().path("value")));

        List<Variant> variants = ordered(byKind, ReferenceKind.TOKEN_TIER).stream().map(d -> new Variant(
                d.path("name").asText().toLowerCase(java.util.Locale.ROOT), d.path("name").asText(),
                d.path("emoji").asText(), d.path("uptime").asDouble(), d.path("coverage").asDouble(),
                d.path("growth").asDouble(), d.path("token_price_usd_per_hour").asDouble(),
                d.path("dc_replaced").asDouble())).toList();
        List<CloudOffer> clouds = ordered(byKind, ReferenceKind.CLOUD_OFFER).stream().map(d -> new CloudOffer(
                d.path("key").asText(), d.path("name").asText(), d.path("gpu_model").asText(),
                d.path("gpus_per_instance").asLong(), d.path("hourly_cost_usd").asDouble())).toList();
        List<Region> regions = ordered(byKind, ReferenceKind.REGION).stream()
                .filter(d -> !d.path("default").asBoolean())
                .map(ModelInputs::region).toList();
        Region defaultRegion = byKind.getOrDefault(ReferenceKind.REGION, List.of()).stream()
                .filter(e -> e.data().path("default").asBoolean()).findFirst()
                .map(e -> region(e.data())).orElseThrow(() -> new MissingInput("the default region"));
        Map<String, Optional<String>> markets = new HashMap<>();
        byKind.getOrDefault(ReferenceKind.MARKET, List.of()).forEach(m -> markets.put(m.id(),
                Optional.ofNullable(m.data().path("region").textValue())));

        if (variants.isEmpty() || clouds.isEmpty() || regions.isEmpty()) {
            throw new MissingInput("token tiers, cloud offers or regions");
        }
        String breakevenId = text(constants, "breakeven_provider");
        CloudOffer breakeven = clouds.stream().filter(c -> c.id().equals(breakevenId)).findFirst()
                .orElseThrow(() -> new MissingInput("the breakeven provider's offer cloud:" + breakevenId));
        return new ModelInputs(variants, clouds, breakeven, regions, defaultRegion, Map.copyOf(markets),
                constants(constants), versions);
    }

    private static Constants constants(Map<String, JsonNode> c) {
        return new Constants(number(c, "h100_tops"), number(c, "device_extra_watt"), number(c, "nightly_hours"),
                number(c, "gpu_request_time_sec"), number(c, "co2_per_kwh_kg"), number(c, "dc_co2_tons_year"),
                number(c, "co2_per_car_tons"), whole(c, "simulation_years"), number(c, "assumed_flagship_share"),
                whole(c, "ops_cost_usd_per_month"), whole(c, "horizon_months"), number(c, "initial_adoption_share"),
                whole(c, "days_per_month"), whole(c, "months_per_year"), whole(c, "days_per_year"),
                number(c, "seconds_per_hour"), number(c, "watts_per_kilowatt"), number(c, "kg_per_ton"),
                whole(c, "devices_per_million"), whole(c, "usd_per_million"), whole(c, "roadmap_research_end_month"),
                whole(c, "roadmap_prototype_end_cap"));
    }

    /** A region's name is null for the default region: the market's own name is printed instead. */
    private static Region region(JsonNode d) {
        return new Region(d.path("key").asText("default"), d.path("name").textValue(),
                d.path("electricity_usd_per_kwh").asDouble(), d.path("avg_monthly_income_usd").asLong());
    }

    private static List<JsonNode> ordered(Map<ReferenceKind, List<ReferenceDataEvent>> byKind, ReferenceKind kind) {
        return byKind.getOrDefault(kind, List.of()).stream()
                .sorted(Comparator.comparingInt((ReferenceDataEvent e) -> e.data().path("position").asInt(Integer.MAX_VALUE))
                        .thenComparing(ReferenceDataEvent::id))
                .map(ReferenceDataEvent::data).toList();
    }

    private static JsonNode constant(Map<String, JsonNode> constants, String name) {
        JsonNode value = constants.get(name);
        if (value == null || value.isMissingNode() || value.isNull()) {
            throw new MissingInput("constant:" + name);
        }
        return value;
    }

    private static double number(Map<String, JsonNode> constants, String name) {
        return constant(constants, name).asDouble();
    }

    private static long whole(Map<String, JsonNode> constants, String name) {
        return constant(constants, name).asLong();
    }

    private static String text(Map<String, JsonNode> constants, String name) {
        return constant(constants, name).asText();
    }
}
