package io.nhp.pricing.domain;

import static io.nhp.pricing.domain.FieldRule.bool;
import static io.nhp.pricing.domain.FieldRule.nonNegative;
import static io.nhp.pricing.domain.FieldRule.positive;
import static io.nhp.pricing.domain.FieldRule.positiveWhole;
import static io.nhp.pricing.domain.FieldRule.share;
import static io.nhp.pricing.domain.FieldRule.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nhp.contracts.events.ReferenceKind;
import io.nhp.service.Problem.FieldError;
import io.nhp.service.ProblemException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which fields of a reference item an admin may change, and what each may hold. Everything else about an item
 * (its name, GPU model, position) is part of its identity and changes only with the model's data files.
 */
public final class ChangeRules {

    private static final Map<ReferenceKind, ChangeRules> BY_KIND = Map.of(
            ReferenceKind.CLOUD_OFFER, new ChangeRules(List.of(
                    positive("hourly_cost_usd"), positiveWhole("gpus_per_instance"))),
            ReferenceKind.REGION, new ChangeRules(List.of(
                    positive("electricity_usd_per_kwh"), positiveWhole("avg_monthly_income_usd"))),
            ReferenceKind.TOKEN_TIER, new ChangeRules(List.of(
                    positive("token_price_usd_per_hour"), share("uptime"), share("coverage"),
                    nonNegative("growth"), nonNegative("dc_replaced"))),
            ReferenceKind.TASK_TYPE, new ChangeRules(List.of(
                    text("name"), text("name_ar"), positive("gpu_seconds_per_task"), share("parallelizable"),
                    bool("latency_sensitive"), positive("min_tops_required"), nonNegative("market_size_billions_usd"))));

    private final Map<String, FieldRule> rules = new LinkedHashMap<>();

    private ChangeRules(List<FieldRule> rules) {
        rules.forEach(r -> this.rules.put(r.name(), r));
    }

    /** The rules of a kind that has a write API. */
    public static ChangeRules forKind(ReferenceKind kind) {
        ChangeRules rules = BY_KIND.get(kind);
        if (rules == null) {
            throw new ProblemException(405, "Method not allowed", kind.keyPrefix() + " items cannot be changed");
        }
        return rules;
    }

    /** The changeable field names, for documentation and error messages. */
    public List<String> fields() {
        return List.copyOf(rules.keySet());
    }

    /** The change, normalised, or a 400 naming every field that is unknown, not changeable or out of range. */
    public ObjectNode validate(JsonNode patch) {
        if (patch == null || !patch.isObject() || patch.isEmpty()) {
            throw ProblemException.invalid(List.of(new FieldError("body",
                    "must be a JSON object with at least one of " + fields())));
        }
        List<FieldError> errors = new ArrayList<>();
        ObjectNode changes = JsonNodeFactory.instance.objectNode();
        patch.fields().forEachRemaining(field -> {
            FieldRule rule = rules.get(field.getKey());
            if (rule == null) {
                errors.add(new FieldError(field.getKey(), "cannot be changed; changeable: " + fields()));
            } else {
                rule.problem(field.getValue()).ifPresentOrElse(
                        why -> errors.add(new FieldError(field.getKey(), why)),
                        () -> changes.set(field.getKey(), rule.normalize(field.getValue())));
            }
        });
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        return changes;
    }
}
