package io.nhp.report.messaging;

import io.nhp.contracts.events.CapacityEvent;
import io.nhp.report.live.LiveFleet;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/** Feeds {@code nhp.economics.capacity} into the live view; the whole compacted topic is replayed on start. */
@ApplicationScoped
public class CapacityConsumer {

    /** The channel, configured in application.properties. */
    public static final String CHANNEL = "capacity";
    private static final Logger LOG = Logger.getLogger(CapacityConsumer.class);

    private final LiveFleet fleet;

    CapacityConsumer(LiveFleet fleet) {
        this.fleet = fleet;
    }

    @Incoming(CHANNEL)
    public void onCapacity(CapacityEvent event) {
        if (event == null) {
            LOG.warn("Skipped a capacity record that could not be read (see the deserialization failure above)");
            return;
        }
        fleet.update(event);
    }
}
