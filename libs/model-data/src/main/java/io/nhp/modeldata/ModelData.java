package io.nhp.modeldata;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.nhp.contracts.events.ReferenceKind;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The model's data files ({@code model/} on the classpath, copied from the published model): every reference item
 * as it goes on {@code nhp.reference.prices}, and the partner profiles. Items that the model keeps in order (cloud
 * offers, tiers, regions, task types) carry their place in the file as {@code position}, because a compacted topic
 * does not keep it.
 */
public final class ModelData {

    /** YAML as written: {@code 34.0} stays a decimal with its scale, {@code 34} stays an integer. */
    public static final ObjectMapper YAML = YAMLMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .build();

    /** The shipped partner profiles, in the model's order. */
    public static final List<String> PARTNERS = List.of("samsung", "apple", "xiaomi", "google", "huawei", "oppo", "vivo");

    /** The id of the region used for markets that map to no region. */
    public static final String DEFAULT_REGION = "default";

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private ModelData() {
    }

    /** One reference item as shipped. */
    public record Item(ReferenceKind kind, String id, JsonNode data) {
    }

    /** Every reference item of the model, in the order of its files. */
    public static List<Item> referenceItems() {
        List<Item> items = new ArrayList<>();
        JsonNode clouds = read("model/cloud-providers.yaml");
        addListed(items, ReferenceKind.CLOUD_OFFER, clouds.path("providers"), "key");
        JsonNode constants = read("model/constants.yaml");
        addListed(items, ReferenceKind.TOKEN_TIER, constants.path("variants"), "name");
        addListed(items, ReferenceKind.TASK_TYPE, constants.path("task_types"), "key");
        constants.path("constants").fields().forEachRemaining(c -> items.add(constant(c.getKey(), c.getValue(), "simulation")));
        constants.path("report_constants").fields().forEachRemaining(c -> items.add(constant(c.getKey(), c.getValue(), "report")));
        items.add(constant("breakeven_provider", clouds.path("breakeven_provider"), "report"));
        JsonNode regions = read("model/regions.yaml");
        addListed(items, ReferenceKind.REGION, regions.path("regions"), "key");
        ObjectNode defaultRegion = ((ObjectNode) regions.path("default_region").deepCopy()).put("default", true);
        items.add(new Item(ReferenceKind.REGION, DEFAULT_REGION, defaultRegion));
        regions.path("market_region").fields().forEachRemaining(m ->
                items.add(new Item(ReferenceKind.MARKET, m.getKey(), NODES.objectNode().set("region", m.getValue()))));
        return items;
    }

    /** Each listed partner's profile as shipped, in the given order. */
    public static Map<String, JsonNode> partners(List<String> keys) {
        Map<String, JsonNode> profiles = new LinkedHashMap<>();
        for (String key : keys) {
            profiles.put(key, read("model/companies/" + key + ".yaml"));
        }
        return profiles;
    }

    private static void addListed(List<Item> items, ReferenceKind kind, JsonNode list, String idField) {
        int position = 0;
        for (JsonNode entry : list) {
            String id = entry.path(idField).asText().toLowerCase(Locale.ROOT);
            items.add(new Item(kind, id, ((ObjectNode) entry.deepCopy()).put("position", position++)));
        }
    }

    private static Item constant(String name, JsonNode value, String group) {
        return new Item(ReferenceKind.CONSTANT, name, NODES.objectNode().put("group", group).set("value", value));
    }

    private static JsonNode read(String resource) {
        try (InputStream in = ModelData.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("model data missing: " + resource);
            }
            return YAML.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read model data " + resource, e);
        }
    }
}
