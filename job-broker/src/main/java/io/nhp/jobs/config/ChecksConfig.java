package io.nhp.jobs.config;

import io.nhp.jobs.domain.Reputation;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Map;

/** Checks of the phones' results beyond agreement: reputation, spot checks, canaries ({@code nhp.jobs.*}). */
@ConfigMapping(prefix = "nhp.jobs")
public interface ChecksConfig {

    /** Strikes and cool-off of devices whose results disagree. */
    ReputationSettings reputation();

    /** Re-execution by the service of jobs the phones agreed on. */
    Share spotCheck();

    /** Jobs with a known answer, queued beside a partner's jobs. */
    Share canary();

    /** Strikes and cool-off. */
    interface ReputationSettings {
        /** Strikes within {@code window} that put a device in cool-off. */
        @WithDefault("3")
        int maxStrikes();

        /** How long a strike counts. */
        @WithDefault("PT1H")
        Duration window();

        /** How long a struck-out device is leased nothing. */
        @WithDefault("PT1H")
        Duration coolOff();

        /** Agreeing results that forgive a device's oldest strike. */
        @WithDefault("10")
        int forgiveAfter();

        default Reputation.Settings settings() {
            return new Reputation.Settings(maxStrikes(), window(), coolOff(), forgiveAfter());
        }
    }

    /** A share of jobs (0 to 1), and per partner where it differs. */
    interface Share {
        /** The share of a partner's vector jobs, when the partner has none of its own. */
        @WithDefault("0.05")
        double share();

        /** Per partner: its own share. */
        Map<String, Double> partners();

        /** The partner's share. */
        default double of(String partner) {
            return partners().getOrDefault(partner, share());
        }
    }
}
