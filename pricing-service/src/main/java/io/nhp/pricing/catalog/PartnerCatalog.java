package io.nhp.pricing.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.MeterRegistry;
import io.nhp.contracts.Topics;
import io.nhp.contracts.events.PartnerProfileEvent;
import io.nhp.contracts.events.ReferenceKind;
import io.nhp.contracts.events.Required;
import io.nhp.modeldata.ModelData;
import io.nhp.pricing.domain.ProfileRules;
import io.nhp.service.Problem.FieldError;
import io.nhp.service.ProblemException;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Partner (OEM) profiles, one whole profile per key of {@code nhp.reference.partners}. The shipped profiles are
 * published only when the topic lacks them, so a restart never overwrites a change and never repeats the seed.
 */
@Singleton
public class PartnerCatalog extends CompactedCatalog<PartnerProfileEvent> {

    private static final Logger LOG = Logger.getLogger(PartnerCatalog.class);

    private final ReferenceCatalog reference;
    private final List<String> seedKeys;

    /** A profile as stored, with what the client should know about it (markets without region data). */
    public record Accepted(PartnerProfileEvent partner, List<FieldError> warnings) {
    }

    PartnerCatalog(SingleWriter writer, MeterRegistry registry, ReferenceCatalog reference,
                   @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers,
                   @ConfigProperty(name = "nhp.pricing.seed-partners") Optional<List<String>> seedKeys) {
        super(Topics.REFERENCE_PARTNERS, writer, bootstrapServers, registry);
        this.reference = reference;
        this.seedKeys = seedKeys.orElse(List.of());
    }

    @Override
    String kindOf(PartnerProfileEvent item) {
        return "partner";
    }

    @Override
    String keyOf(PartnerProfileEvent item) {
        return item.partner();
    }

    /** Rebuilds from the topic and publishes version 1 of every seed profile the topic lacks. */
    public synchronized void load() {
        rebuild();
        List<PartnerProfileEvent> missing = new ArrayList<>();
        for (Map.Entry<String, JsonNode> seed : ModelData.partners(seedKeys).entrySet()) {
            if (byKey(seed.getKey()).isEmpty()) {
                var checked = ProfileRules.check(seed.getValue(), this::hasRegion);
                missing.add(version(checked.key(), 1L, SEED_AUTHOR, checked.profile()));
            }
        }
        publishAll(missing);
        LOG.infof("Partner catalog ready: %d partners, %d seeded now", items.size(), missing.size());
    }

    public List<PartnerProfileEvent> all() {
        return items.values().stream().sorted(Comparator.comparing(PartnerProfileEvent::partner)).toList();
    }

    /** Adds a new partner; 409 if the key is taken. */
    public synchronized Accepted add(JsonNode profile, String author) {
        var checked = ProfileRules.check(profile, this::hasRegion);
        if (byKey(checked.key()).isPresent()) {
            throw ProblemException.conflict("partner '" + checked.key() + "' exists; PUT /api/v1/partners/"
                    + checked.key() + " replaces its profile");
        }
        return new Accepted(publish(version(checked.key(), 1L, author, checked.profile())), checked.warnings());
    }

    /** Replaces a partner's whole profile; an identical profile publishes nothing. */
    public synchronized Accepted replace(String key, JsonNode profile, String author) {
        PartnerProfileEvent current = byKey(key)
                .orElseThrow(() -> ProblemException.notFound("no partner '" + key + "'; POST /api/v1/partners adds one"));
        var checked = ProfileRules.check(profile, this::hasRegion);
        return new Accepted(replacement(current, checked, author).map(this::publish).orElse(current), checked.warnings());
    }

    /**
     * The partner's next version with the checked profile, or empty when it is the profile already stored; a 400 when
     * the profile names another partner than the one it replaces.
     */
    static Optional<PartnerProfileEvent> replacement(PartnerProfileEvent current, ProfileRules.Checked checked,
                                                     String author) {
        String key = current.partner();
        if (!checked.key().equals(key)) {
            throw ProblemException.invalid(List.of(new FieldError("key",
                    "is '" + checked.key() + "' but the path names '" + key + "'")));
        }
        if (checked.profile().equals(current.profile())) {
            return Optional.empty();
        }
        return Optional.of(version(key, current.version() + 1, author, checked.profile()));
    }

    private boolean hasRegion(String market) {
        return reference.get(ReferenceKind.MARKET, market)
                .map(m -> m.data().path("region").isTextual())
                .orElse(false);
    }

    private static PartnerProfileEvent version(String key, long version, String author, JsonNode profile) {
        Instant now = Instant.now();
        return new PartnerProfileEvent(Required.newEventId(), now, key, version, now, author, profile);
    }
}
