package io.nhp.economics.domain;

import io.nhp.contracts.events.PayoutEvent;
import java.util.Map;
import java.util.TreeMap;

/** What an owner's devices earned in a UTC day, device by device (sums of ledger entries). */
public record OwnerDay(Map<String, PayoutAmounts> devices) {

    public static final OwnerDay EMPTY = new OwnerDay(Map.of());

    public OwnerDay {
        devices = new TreeMap<>(devices);
    }

    public OwnerDay plus(PayoutEvent entry) {
        Map<String, PayoutAmounts> next = new TreeMap<>(devices);
        next.merge(entry.deviceId(), PayoutAmounts.ZERO.plus(entry), PayoutAmounts::plus);
        return new OwnerDay(next);
    }

    public PayoutAmounts total() {
        return devices.values().stream().reduce(PayoutAmounts.ZERO, PayoutAmounts::plus);
    }
}
