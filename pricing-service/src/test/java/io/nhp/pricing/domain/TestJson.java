package io.nhp.pricing.domain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nhp.contracts.serde.Json;
import io.nhp.modeldata.ModelData;
import java.util.List;

/** JSON as the write APIs read it (the contracts' mapper: decimals stay exact), and a shipped profile to start from. */
public final class TestJson {

    private TestJson() {
    }

    public static JsonNode json(String text) {
        try {
            return Json.MAPPER.readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException("not JSON: " + text, e);
        }
    }

    /** Xiaomi's profile as the model ships it: one that passes every rule. */
    public static ObjectNode xiaomi() {
        return (ObjectNode) ModelData.partners(List.of("xiaomi")).get("xiaomi").deepCopy();
    }
}
