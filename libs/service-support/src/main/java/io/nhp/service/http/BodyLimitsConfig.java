package io.nhp.service.http;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.util.Map;

/**
 * The largest request body each path takes ({@code nhp.http.body-limit.default=16K},
 * {@code nhp.http.body-limit.paths."/api/v1/heartbeats"=1M}), counted on the bytes read, chunked or not.
 */
@ConfigMapping(prefix = "nhp.http.body-limit")
public interface BodyLimitsConfig {

    /** What a path not listed in {@link #paths()} takes. */
    @WithName("default")
    @WithDefault("16K")
    MemorySize fallback();

    /** Limits by exact request path (decoded, as the resource sees it); empty when every path takes the default. */
    Map<String, MemorySize> paths();
}
