package io.nhp.pricing.domain;

import static io.nhp.pricing.domain.FieldRule.percent;
import static io.nhp.pricing.domain.FieldRule.positive;
import static io.nhp.pricing.domain.FieldRule.positiveWhole;
import static io.nhp.pricing.domain.FieldRule.share;
import static io.nhp.pricing.domain.FieldRule.text;
import static io.nhp.pricing.domain.FieldRule.whole;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nhp.service.Problem.FieldError;
import io.nhp.service.ProblemException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Checks a partner profile in the shape of the model's {@code companies/<key>.yaml}: every field the scenario
 * model and the report need, with its type and range. A primary market that maps to no region is accepted but
 * marked {@code default_region: true} and reported as a warning (MODEL.md §10.1 D1: default parameters, said so).
 */
public final class ProfileRules {

    /** The marker on a primary market that has no region data. */
    public static final String DEFAULT_REGION_MARKER = "default_region";
    /** Below this the roadmap's phases overlap (MODEL.md §10.1 D8). */
    public static final int MIN_INTEGRATION_MONTHS = 6;
    /** A partner's figures that legitimately exceed a billion (requests a day, dollars a year): up to a trillion. */
    private static final long LARGE_FIGURE = 1_000_000_000_000L;
    private static final Pattern KEY = Pattern.compile("[a-z0-9][a-z0-9_-]{0,39}");

    /** A profile that passed: normalised, with the warnings to show the client. */
    public record Checked(String key, ObjectNode profile, List<FieldError> warnings) {
    }

    private final List<FieldError> errors = new ArrayList<>();
    private final List<FieldError> warnings = new ArrayList<>();

    private ProfileRules() {
    }

    /**
     * The checked profile, or a 400 naming every invalid field.
     *
     * @param hasRegion whether a market name maps to a region (the {@code market:*} reference items)
     */
    public static Checked check(JsonNode body, Predicate<String> hasRegion) {
        if (body == null || !body.isObject()) {
            throw ProblemException.invalid(List.of(new FieldError("body", "must be a partner profile object")));
        }
        ObjectNode profile = body.deepCopy();
        ProfileRules rules = new ProfileRules();
        rules.checkProfile(profile, hasRegion);
        if (!rules.errors.isEmpty()) {
            throw ProblemException.invalid(rules.errors);
        }
        return new Checked(profile.path("key").asText(), profile, List.copyOf(rules.warnings));
    }

    private void checkProfile(ObjectNode profile, Predicate<String> hasRegion) {
        if (field(profile, "", text("key"), true) && !KEY.matcher(profile.path("key").asText()).matches()) {
            errors.add(new FieldError("key", "must be 1-40 lower-case letters, digits, '-' or '_'"));
        }
        field(profile, "", text("name"), true);
        field(profile, "", positiveWhole("active_devices_millions"), true);
        field(profile, "", whole("annual_phone_sales_millions", 0), true);
        field(profile, "", percent("smartphone_market_share_pct"), false);
        field(profile, "", whole("market_cap_billions_usd", 0), false);
        field(profile, "", whole("annual_revenue_billions_usd", 0), false);
        field(profile, "", whole("founded", 0), false);

        for (String list : List.of("flagship_models", "midrange_models")) {
            int m = 0;
            for (ObjectNode model : objects(profile, list, false)) {
                String at = list + "[" + m++ + "].";
                field(model, at, text("name"), true);
                field(model, at, positive("tops"), true);
                field(model, at, positiveWhole("ram_gb"), true);
                field(model, at, whole("units_m", 0), false);
                field(model, at, whole("year", 0), false);
            }
        }
        if (profile.path("flagship_models").size() + profile.path("midrange_models").size() == 0) {
            errors.add(new FieldError("flagship_models", "a partner needs at least one device model "
                    + "(flagship_models or midrange_models)"));
        }

        int i = 0;
        for (ObjectNode service : objects(profile, "ai_services", true)) {
            String at = "ai_services[" + i++ + "].";
            field(service, at, text("name"), true);
            field(service, at, whole("daily_requests", 0).upTo(LARGE_FIGURE), true);
            field(service, at, whole("est_annual_cloud_cost_usd", 0).upTo(LARGE_FIGURE), false);
        }

        i = 0;
        List<ObjectNode> markets = objects(profile, "primary_markets", true);
        if (markets.isEmpty() && profile.has("primary_markets")) {
            errors.add(new FieldError("primary_markets", "must list at least one market"));
        }
        for (ObjectNode market : markets) {
            String at = "primary_markets[" + i++ + "].";
            if (field(market, at, text("name"), true)) {
                String name = market.path("name").asText();
                if (hasRegion.test(name)) {
                    market.remove(DEFAULT_REGION_MARKER);
                } else {
                    market.put(DEFAULT_REGION_MARKER, true);
                    warnings.add(new FieldError(at + "name", "market '" + name + "' maps to no region; "
                            + "the default region's electricity price and income are used"));
                }
            }
        }

        ObjectNode partnership = object(profile, "partnership");
        if (partnership != null) {
            field(partnership, "partnership.", text("likelihood"), true);
            field(partnership, "partnership.", text("integration_difficulty"), true);
            field(partnership, "partnership.", whole("integration_months", MIN_INTEGRATION_MONTHS), true);
            field(partnership, "partnership.", whole("integration_cost_millions_usd", 0), true);
        }
        ObjectNode security = object(profile, "security");
        if (security != null) {
            field(security, "security.", text("tee_name"), true);
            field(security, "security.", text("tee_maturity"), true);
            field(security, "security.", text("api_openness"), true);
        }
        ObjectNode manufacturer = object(profile, "manufacturer_data");
        if (manufacturer != null) {
            field(manufacturer, "manufacturer_data.", share("flagship_pct"), true);
        }
    }

    /** Checks and normalises one field; true when it is present and valid. */
    private boolean field(ObjectNode parent, String at, FieldRule rule, boolean required) {
        JsonNode value = parent.get(rule.name());
        if (value == null || value.isNull()) {
            if (required) {
                errors.add(new FieldError(at + rule.name(), "is required"));
            }
            return false;
        }
        var problem = rule.problem(value);
        problem.ifPresentOrElse(why -> errors.add(new FieldError(at + rule.name(), why)),
                () -> parent.set(rule.name(), rule.normalize(value)));
        return problem.isEmpty();
    }

    private ObjectNode object(ObjectNode parent, String name) {
        JsonNode node = parent.get(name);
        if (node == null || !node.isObject()) {
            errors.add(new FieldError(name, node == null ? "is required" : "must be an object"));
            return null;
        }
        return (ObjectNode) node;
    }

    private List<ObjectNode> objects(ObjectNode parent, String name, boolean required) {
        JsonNode node = parent.get(name);
        List<ObjectNode> found = new ArrayList<>();
        if (node == null || node.isNull()) {
            if (required) {
                errors.add(new FieldError(name, "is required"));
            }
        } else if (!node.isArray()) {
            errors.add(new FieldError(name, "must be a list"));
        } else {
            for (int i = 0; i < node.size(); i++) {
                if (node.get(i).isObject()) {
                    found.add((ObjectNode) node.get(i));
                } else {
                    errors.add(new FieldError(name + "[" + i + "]", "must be an object"));
                }
            }
        }
        return found;
    }
}
