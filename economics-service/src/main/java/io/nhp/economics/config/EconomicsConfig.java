package io.nhp.economics.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** The service's own settings ({@code nhp.economics.*}). */
@ConfigMapping(prefix = "nhp.economics")
public interface EconomicsConfig {

    /** The token tier whose rate owners are paid: a {@code tier:*} id of the reference data. */
    @WithDefault("moderate")
    String payoutTier();

    /** How long after a minute ends its savings are published (the shares of its last jobs are still in flight). */
    @WithDefault("5s")
    Duration windowGrace();

    /** How long after a UTC day ends the devices' statements for it are published. */
    @WithDefault("10m")
    Duration statementGrace();

    /** How long daily savings and payouts stay queryable. */
    @WithDefault("400d")
    Duration retention();

    /** Partners who read their own figures, by key: {@code nhp.economics.partners.<key>.token}. */
    Map<String, Partner> partners();

    /** Ops' bearer token: every partner's figures and the owners' and devices' payouts. */
    Optional<String> adminToken();

    /** Prometheus' bearer token for {@code /q/metrics}, which carries each partner's jobs and money of the day. */
    Optional<String> metricsToken();

    interface Partner {
        /** The partner's bearer token (from the environment in prod; never committed). */
        String token();
    }
}
