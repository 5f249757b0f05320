package io.nhp.service.security;

import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.configuration.ConfigUtils;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.StreamSupport;
import org.eclipse.microprofile.config.Config;

/**
 * A service in production refuses to start with a development or placeholder credential: every configured
 * {@code nhp.*token} must be neither one of the committed development tokens ({@code dev-…}, {@code test-…}) nor a
 * placeholder ({@code REPLACE_ME}, {@code changeme}). Development and test runs are not checked.
 */
@ApplicationScoped
public class ProdCredentials {

    void onStart(@Observes StartupEvent started, Config config) {
        if (LaunchMode.current() == LaunchMode.NORMAL && ConfigUtils.getProfiles().contains("prod")) {
            List<String> refused = refused(config);
            if (!refused.isEmpty()) {
                throw new IllegalStateException("refusing to start in prod with a development or placeholder "
                        + "credential in " + refused + ": give each its real secret (SECURITY.md)");
            }
        }
    }

    /** The names of the configured tokens whose values are development or placeholder ones. */
    static List<String> refused(Config config) {
        return StreamSupport.stream(config.getPropertyNames().spliterator(), false)
                .filter(name -> name.startsWith("nhp.") && name.toLowerCase(Locale.ROOT).endsWith("token"))
                .filter(name -> optional(config, name).filter(ProdCredentials::isDevOrPlaceholder).isPresent())
                .sorted().toList();
    }

    static boolean isDevOrPlaceholder(String token) {
        String value = token.trim().toLowerCase(Locale.ROOT);
        return value.startsWith("dev-") || value.startsWith("test-") || value.equals("replace_me")
                || value.equals("changeme") || value.isEmpty();
    }

    private static Optional<String> optional(Config config, String name) {
        try {
            return config.getOptionalValue(name, String.class);
        } catch (RuntimeException unresolved) {
            return Optional.empty(); // a ${VARIABLE} not given: the service's own mapping says whether that is fatal
        }
    }
}
