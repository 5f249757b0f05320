package io.nhp.report.pages;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nhp.contracts.events.ProjectionEvent;
import io.nhp.contracts.events.ReferenceDataEvent;
import io.nhp.contracts.projection.Projection;
import io.nhp.contracts.serde.Json;
import io.nhp.figures.Mode;
import io.nhp.modeldata.ModelData;
import io.nhp.scenario.Company;
import io.nhp.scenario.ModelInputs;
import io.nhp.scenario.ScenarioModel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The shipped partners' projections as report-service receives them: computed by the model, through JSON. */
public final class Projections {

    private static final Instant T = Instant.parse("2026-02-25T00:00:00Z");

    private Projections() {
    }

    public static JsonNode profile(String partner) {
        return ModelData.partners(List.of(partner)).get(partner);
    }

    public static Projection of(String partner, Mode mode) {
        ModelInputs inputs = ModelInputs.from(ModelData.referenceItems().stream()
                .map(i -> new ReferenceDataEvent("seed-" + i.id(), T, i.kind(), i.id(), 1L, T, "seed", i.data(), List.of()))
                .toList());
        Projection projection = ScenarioModel.project(Company.from(profile(partner)), inputs, mode);
        try {
            return Json.MAPPER.treeToValue(Json.MAPPER.valueToTree(projection), Projection.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The partner's projection event as economics-service publishes it: both modes. */
    public static ProjectionEvent event(String partner, String as) {
        Map<String, JsonNode> modes = new LinkedHashMap<>();
        for (Mode mode : Mode.values()) {
            JsonNode tables = Json.MAPPER.valueToTree(of(partner, mode));
            if (!as.equals(partner)) {
                ((ObjectNode) tables).put("partner", as);
            }
            modes.put(mode.wireName(), tables);
        }
        return new ProjectionEvent("projection-" + as, Instant.now(), as, 1L, Map.of(), modes, Map.of());
    }
}
