package io.nhp.jobs.broker;

import io.nhp.jobs.config.BrokerConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.util.Optional;

/**
 * Which instance serves a partner. Each partner is served by one instance (its queue, its leases, its devices'
 * polls), so a partner's jobs live in one book and one transactional writer; a request that reaches another
 * instance is sent on with a 307 (method and body kept).
 */
@ApplicationScoped
public class Ownership {

    private final BrokerConfig config;

    Ownership(BrokerConfig config) {
        this.config = config;
    }

    /** Whether this instance serves the partner. */
    public boolean servesHere(String partner) {
        return owner(partner).isEmpty();
    }

    /** The base URL of the instance serving the partner, when that is another one. */
    public Optional<URI> owner(String partner) {
        String owner = config.owners().get(partner);
        if (owner == null || config.self().map(owner::equals).orElse(false)) {
            return Optional.empty();
        }
        return Optional.of(URI.create(owner));
    }

    /** Thrown where a request belongs to another instance: answered 307 to the same path there. */
    public static final class ServedElsewhere extends RuntimeException {
        private final URI owner;

        public ServedElsewhere(String partner, URI owner) {
            super("partner " + partner + " is served by " + owner);
            this.owner = owner;
        }

        public URI owner() {
            return owner;
        }
    }

    /** Refuses, with where to go, a request for a partner another instance serves. */
    public void requireHere(String partner) {
        owner(partner).ifPresent(owner -> {
            throw new ServedElsewhere(partner, owner);
        });
    }
}
