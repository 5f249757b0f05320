package io.nhp.pricing.catalog;

import io.nhp.contracts.TopicSnapshot;
import io.nhp.contracts.Topics;
import io.nhp.contracts.events.PartnerProfileEvent;
import io.nhp.contracts.events.Required;
import io.nhp.service.kafka.EventPublisher;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Partner profiles, owned here and kept in {@code nhp.reference.partners}. On start the catalog is rebuilt from
 * the compacted topic, and a seed profile is published only for a partner the topic does not have yet, so a
 * restart never overwrites a later change and never publishes the same seed twice.
 */
@ApplicationScoped
public class PartnerCatalog {

    private static final Logger LOG = Logger.getLogger(PartnerCatalog.class);
    static final String SEED_AUTHOR = "seed";

    private final Map<String, PartnerProfileEvent> partners = new ConcurrentHashMap<>();
    private final EventPublisher publisher;
    private final String bootstrapServers;
    private final List<String> seedKeys;

    PartnerCatalog(EventPublisher publisher,
                   @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers,
                   @ConfigProperty(name = "nhp.pricing.seed-partners") List<String> seedKeys) {
        this.publisher = publisher;
        this.bootstrapServers = bootstrapServers;
        this.seedKeys = seedKeys;
    }

    void onStart(@Observes StartupEvent start) {
        load();
    }

    /** Rebuilds the catalog from the topic and publishes the seed profiles the topic lacks. */
    public void load() {
        partners.putAll(readTopic());
        int published = 0;
        for (var seed : SeedPartners.load(seedKeys).entrySet()) {
            if (!partners.containsKey(seed.getKey())) {
                Instant now = Instant.now();
                var event = new PartnerProfileEvent(Required.newEventId(), now, seed.getKey(), 1L, now, SEED_AUTHOR,
                        seed.getValue());
                publisher.publish(Topics.REFERENCE_PARTNERS, seed.getKey(), event).await().atMost(Duration.ofSeconds(30));
                partners.put(seed.getKey(), event);
                published++;
            }
        }
        LOG.infof("Partner catalog ready: %d partners, %d seeded now", partners.size(), published);
    }

    public List<PartnerProfileEvent> all() {
        return partners.values().stream().sorted(Comparator.comparing(PartnerProfileEvent::partner)).toList();
    }

    public Optional<PartnerProfileEvent> byKey(String key) {
        return Optional.ofNullable(partners.get(key));
    }

    /** The latest profile per partner in the compacted topic (a tombstone removes the partner). */
    private Map<String, PartnerProfileEvent> readTopic() {
        Map<String, PartnerProfileEvent> latest = new HashMap<>();
        for (var record : TopicSnapshot.read(bootstrapServers, Topics.REFERENCE_PARTNERS, Duration.ofSeconds(60))) {
            if (record.value() == null) {
                latest.remove(record.key());
            } else {
                latest.put(record.key(), record.value());
            }
        }
        return latest;
    }
}
