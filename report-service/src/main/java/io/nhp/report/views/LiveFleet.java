package io.nhp.report.views;

import io.nhp.contracts.events.CapacityEvent;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** The latest fleet capacity of every partner, as last published by economics-service. */
@ApplicationScoped
public class LiveFleet {

    private final ConcurrentMap<String, CapacityEvent> byPartner = new ConcurrentHashMap<>();

    /** Keeps the event unless a newer one for the same partner is already here (replays arrive in order anyway). */
    public void update(CapacityEvent event) {
        if (event.region() != null) {
            return; // per-region figures are not on the home page yet
        }
        byPartner.merge(event.partner(), event,
                (current, incoming) -> incoming.asOf().isBefore(current.asOf()) ? current : incoming);
    }

    /** Every partner's latest capacity, by partner key. */
    public List<CapacityEvent> partners() {
        return byPartner.values().stream().sorted(Comparator.comparing(CapacityEvent::partner)).toList();
    }

    /** A partner's latest capacity, if any device of it has reported. */
    public java.util.Optional<CapacityEvent> partner(String partner) {
        return java.util.Optional.ofNullable(byPartner.get(partner));
    }

    /** Online devices across all partners. */
    public long onlineDevices() {
        return byPartner.values().stream().mapToLong(CapacityEvent::onlineDevices).sum();
    }
}
