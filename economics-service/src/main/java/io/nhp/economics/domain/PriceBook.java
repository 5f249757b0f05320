package io.nhp.economics.domain;

import com.fasterxml.jackson.databind.JsonNode;
import io.nhp.contracts.events.ReferenceDataEvent;
import io.nhp.contracts.events.ReferenceDataEvent.Revision;
import io.nhp.contracts.events.ReferenceKind;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The reference data as it stood at a given time: each item carries its earlier versions with the time each
 * took effect, so a job is priced at the prices in force when it completed, however late it is processed.
 */
public final class PriceBook {

    /** The region whose prices apply where a device's region has none. */
    public static final String DEFAULT_REGION = "default";

    /** Reference data lacks an item a figure needs. */
    public static final class Missing extends RuntimeException {
        Missing(String what) {
            super("reference data lacks " + what);
        }
    }

    /** A scenario's uptime, to say which one the live fleet is closest to. */
    public record Scenario(String name, double uptime, int position) {
    }

    private final Function<String, ReferenceDataEvent> byKey;
    private final Function<ReferenceKind, List<ReferenceDataEvent>> byKind;

    /** Over lookups by key ({@code kind:id}) and by kind, e.g. on a state store. */
    public PriceBook(Function<String, ReferenceDataEvent> byKey,
                     Function<ReferenceKind, List<ReferenceDataEvent>> byKind) {
        this.byKey = byKey;
        this.byKind = byKind;
    }

    /** Over a fixed set of items. */
    public static PriceBook of(List<ReferenceDataEvent> items) {
        Map<String, ReferenceDataEvent> map = new LinkedHashMap<>();
        items.forEach(item -> map.put(item.key(), item));
        return new PriceBook(map::get, kind -> map.values().stream().filter(i -> i.kind() == kind).toList());
    }

    /** The price of one GPU-hour at each cloud offer (instance hourly price ÷ GPUs per instance), by offer id. */
    public Map<String, BigDecimal> gpuHourPrices(Instant at) {
        Map<String, BigDecimal> prices = new LinkedHashMap<>();
        for (ReferenceDataEvent offer : byKind.apply(ReferenceKind.CLOUD_OFFER)) {
            JsonNode data = inForce(offer, at);
            BigDecimal gpus = decimal(data, "gpus_per_instance", offer.key());
            prices.put(offer.id(), decimal(data, "hourly_cost_usd", offer.key()).divide(gpus, MathContext.DECIMAL128));
        }
        if (prices.isEmpty()) {
            throw new Missing("cloud offers (cloud:*)");
        }
        return prices;
    }

    /** What a phone earns per hour of computing at the given token tier (e.g. {@code moderate}). */
    public BigDecimal tokenRate(String tier, Instant at) {
        String key = ReferenceKind.TOKEN_TIER.key(tier);
        return decimal(inForce(key, at), "token_price_usd_per_hour", key);
    }

    /** Electricity price (USD/kWh) of a region; a region without data pays the default region's price. */
    public BigDecimal electricityPrice(String region, Instant at) {
        String key = ReferenceKind.REGION.key(region == null ? DEFAULT_REGION : region);
        if (byKey.apply(key) == null) {
            key = ReferenceKind.REGION.key(DEFAULT_REGION);
        }
        return decimal(inForce(key, at), "electricity_usd_per_kwh", key);
    }

    /** A model constant such as {@code device_extra_watt}. */
    public BigDecimal constant(String name, Instant at) {
        String key = ReferenceKind.CONSTANT.key(name);
        return decimal(inForce(key, at), "value", key);
    }

    /** The scenario variants with their uptimes, in the model's order. */
    public List<Scenario> scenarios(Instant at) {
        List<Scenario> scenarios = new ArrayList<>();
        for (ReferenceDataEvent tier : byKind.apply(ReferenceKind.TOKEN_TIER)) {
            JsonNode data = inForce(tier, at);
            scenarios.add(new Scenario(tier.id(), data.path("uptime").asDouble(), data.path("position").asInt()));
        }
        scenarios.sort(Comparator.comparingInt(Scenario::position));
        return scenarios;
    }

    /** The scenario whose uptime is closest to the observed one (the first on a tie), if any is known. */
    public Optional<String> nearestScenario(double observedUptime, Instant at) {
        return scenarios(at).stream()
                .min(Comparator.comparingDouble(s -> Math.abs(s.uptime() - observedUptime)))
                .map(Scenario::name);
    }

    private JsonNode inForce(String key, Instant at) {
        ReferenceDataEvent item = byKey.apply(key);
        if (item == null) {
            throw new Missing(key);
        }
        return inForce(item, at);
    }

    /** The data of the last version that took effect at or before {@code at} (the first version if none had). */
    static JsonNode inForce(ReferenceDataEvent item, Instant at) {
        List<Revision> revisions = item.revisions();
        Revision chosen = revisions.get(0);
        for (Revision revision : revisions) {
            if (!revision.effectiveAt().isAfter(at)) {
                chosen = revision;
            }
        }
        return chosen.data();
    }

    private static BigDecimal decimal(JsonNode data, String field, String key) {
        JsonNode value = data.path(field);
        if (!value.isNumber()) {
            throw new Missing(key + " " + field);
        }
        // through the decimal text, so 0.16 stays 0.16 whether it was read as a double or as a decimal
        return new BigDecimal(value.asText());
    }
}
