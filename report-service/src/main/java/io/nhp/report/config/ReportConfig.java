package io.nhp.report.config;

import io.smallrye.config.ConfigMapping;
import java.util.Map;
import java.util.Optional;

/** report-service's own settings ({@code nhp.report.*}). */
@ConfigMapping(prefix = "nhp.report")
public interface ReportConfig {

    /** Partners allowed to subscribe to their savings stream, by key: {@code nhp.report.partners.<key>.token}. */
    Map<String, Partner> partners();

    /** Ops' bearer token: every partner's live figures and the owners' pages (from the environment in prod). */
    Optional<String> adminToken();

    /** The live streams (SSE) held open at once. */
    Streams streams();

    interface Streams {
        /** Per client: a credential, or an address without one (429 beyond). */
        int maxPerClient();

        /** In all, on this instance (503 beyond). */
        int maxTotal();
    }

    interface Partner {
        /** The partner's bearer token (from the environment in prod; never committed). */
        String token();
    }
}
