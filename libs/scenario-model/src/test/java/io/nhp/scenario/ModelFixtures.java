package io.nhp.scenario;

import io.nhp.contracts.events.ReferenceDataEvent;
import io.nhp.modeldata.ModelData;
import java.time.Instant;
import java.util.List;
import java.util.function.UnaryOperator;

/** The shipped model data as the projection pipeline receives it from pricing-service's topics. */
final class ModelFixtures {

    static final Instant T = Instant.parse("2026-02-25T00:00:00Z");

    private ModelFixtures() {
    }

    /** Every shipped reference item as version 1 on {@code nhp.reference.prices}. */
    static List<ReferenceDataEvent> referenceItems() {
        return ModelData.referenceItems().stream()
                .map(i -> new ReferenceDataEvent("seed-" + i.id(), T, i.kind(), i.id(), 1L, T, "seed", i.data(), List.of()))
                .toList();
    }

    static ModelInputs inputs() {
        return ModelInputs.from(referenceItems());
    }

    /** The inputs with one item's data changed, e.g. a region's electricity price. */
    static ModelInputs inputsWith(String key, UnaryOperator<com.fasterxml.jackson.databind.node.ObjectNode> change) {
        return ModelInputs.from(referenceItems().stream()
                .map(e -> e.key().equals(key) ? e.next(change.apply(e.data().deepCopy()), T, "test") : e)
                .toList());
    }

    static Company company(String key) {
        return Company.from(ModelData.partners(List.of(key)).get(key));
    }
}
