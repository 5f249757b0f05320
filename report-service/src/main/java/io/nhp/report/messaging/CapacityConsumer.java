package io.nhp.report.messaging;

import io.nhp.contracts.Topics;
import io.nhp.report.views.LiveFleet;
import io.nhp.service.kafka.UnreadableRecords;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** Feeds {@code nhp.economics.capacity} into the live view; the whole compacted topic is replayed on start. */
@ApplicationScoped
public class CapacityConsumer {

    /** The channel, configured in application.properties. */
    public static final String CHANNEL = "capacity";

    private final LiveFleet fleet;
    private final UnreadableRecords records;

    CapacityConsumer(LiveFleet fleet, UnreadableRecords records) {
        this.fleet = fleet;
        this.records = records;
    }

    @Incoming(CHANNEL)
    public void onCapacity(ConsumerRecord<byte[], byte[]> raw) {
        records.read(Topics.ECONOMICS_CAPACITY, raw).filter(r -> r.value() != null).ifPresent(r -> fleet.update(r.value()));
    }
}
