package io.nhp.pricing.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The partner profiles shipped with the service ({@code seed/companies/<key>.yaml}, from the model). */
public final class SeedPartners {

    private static final ObjectMapper YAML = JsonMapper.builder(new YAMLFactory()).build();

    private SeedPartners() {
    }

    /** Each listed partner's profile as JSON, in the given order. */
    public static Map<String, JsonNode> load(List<String> keys) {
        Map<String, JsonNode> profiles = new LinkedHashMap<>();
        for (String key : keys) {
            String resource = "seed/companies/" + key + ".yaml";
            try (InputStream in = SeedPartners.class.getClassLoader().getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IllegalStateException("seed partner '" + key + "' has no " + resource);
                }
                profiles.put(key, YAML.readTree(in));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + resource, e);
            }
        }
        return profiles;
    }
}
