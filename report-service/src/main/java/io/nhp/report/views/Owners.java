package io.nhp.report.views;

import io.nhp.contracts.events.DeviceStatusEvent;
import io.nhp.contracts.events.PayoutEvent;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * What each owner's phones are doing and earned: the latest status of every device (from {@code nhp.devices.status},
 * with the reasons it is not computing) and the ledger entries (from {@code nhp.economics.payouts}) summed per
 * device and UTC day. Entries are credited exactly once upstream, so their sums are the statements.
 */
@ApplicationScoped
public class Owners {

    /** A device's day: jobs credited, compute seconds, gross, electricity and net (USD, micro-dollars). */
    public record Day(LocalDate day, long jobs, BigDecimal computeSeconds, BigDecimal grossUsd,
                      BigDecimal electricityUsd, BigDecimal netUsd) {

        Day plus(PayoutEvent entry) {
            return new Day(day, jobs + 1, computeSeconds.add(entry.computeSeconds()), grossUsd.add(entry.grossUsd()),
                    electricityUsd.add(entry.electricityUsd()), netUsd.add(entry.netUsd()));
        }

        /** Compute hours, to the millionth. */
        public BigDecimal hours() {
            return computeSeconds.divide(BigDecimal.valueOf(3600), 6, RoundingMode.HALF_EVEN);
        }
    }

    /** One of the owner's devices: what it is doing now and what it earned, day by day (newest first). */
    public record Device(String deviceId, String partner, String region, String model, String state,
                         List<String> reasons, Instant lastHeartbeatAt, List<Day> days) {
    }

    /**
     * A device's latest status, kept small: a million phones must fit the heap (bench scenario 5). The few distinct
     * partners, regions, models, states and reason lists are shared instances; times are epoch milliseconds.
     */
    private record Status(String ownerId, String partner, String region, String model, String state,
                          List<String> reasons, long lastHeartbeatAtMs) {

        Instant lastHeartbeatAt() {
            return lastHeartbeatAtMs == NEVER ? null : Instant.ofEpochMilli(lastHeartbeatAtMs);
        }
    }

    private static final long NEVER = Long.MIN_VALUE;

    /** Latest status by device id. */
    private final ConcurrentMap<String, Status> statuses = new ConcurrentHashMap<>();
    /** Device ids by owner, as small arrays replaced on change (an owner has a phone or two, not a map's worth). */
    private final ConcurrentMap<String, String[]> devicesByOwner = new ConcurrentHashMap<>();
    private final ConcurrentMap<Object, Object> shared = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, ConcurrentMap<String, TreeMap<LocalDate, Day>>> earnings = new ConcurrentHashMap<>();

    public void status(DeviceStatusEvent event) {
        String owner = event.ownerId() == null ? "unknown" : event.ownerId();
        Status previous = statuses.put(event.deviceId(), new Status(owner, shared(event.partner()),
                shared(event.region()), shared(event.model()), shared(event.state().name()),
                shared(event.reasons().stream().map(this::shared).toList()),
                event.lastHeartbeatAt() == null ? NEVER : event.lastHeartbeatAt().toEpochMilli()));
        if (previous == null || !previous.ownerId().equals(owner)) {
            devicesByOwner.compute(owner, (o, ids) -> with(ids, event.deviceId()));
            if (previous != null) {
                devicesByOwner.computeIfPresent(previous.ownerId(), (o, ids) -> without(ids, event.deviceId()));
            }
        }
    }

    /** One instance per distinct value (null stays null). */
    @SuppressWarnings("unchecked")
    private <T> T shared(T value) {
        return value == null ? null : (T) shared.computeIfAbsent(value, v -> v);
    }

    private static String[] with(String[] ids, String id) {
        if (ids == null) {
            return new String[] {id};
        }
        if (java.util.Arrays.asList(ids).contains(id)) {
            return ids;
        }
        String[] more = java.util.Arrays.copyOf(ids, ids.length + 1);
        more[ids.length] = id;
        return more;
    }

    private static String[] without(String[] ids, String id) {
        String[] rest = java.util.Arrays.stream(ids).filter(i -> !i.equals(id)).toArray(String[]::new);
        return rest.length == 0 ? null : rest;
    }

    public void payout(PayoutEvent line) {
        if (line.kind() != PayoutEvent.Kind.ENTRY) {
            return; // a statement is the sum of the entries already counted
        }
        String owner = line.ownerId() == null ? "unknown" : line.ownerId();
        earnings.computeIfAbsent(owner, o -> new ConcurrentHashMap<>()).compute(line.deviceId(), (device, days) -> {
            TreeMap<LocalDate, Day> next = days == null ? new TreeMap<>() : new TreeMap<>(days); // copy on write: readers see whole maps
            next.merge(line.day(), new Day(line.day(), 0, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO,
                    BigDecimal.ZERO).plus(line), (a, b) -> a.plus(line));
            return next;
        });
    }

    /** The owner's devices, or empty when nothing is known of this owner. */
    public Optional<List<Device>> owner(String ownerId) {
        Map<String, Status> status = new java.util.HashMap<>();
        for (String device : devicesByOwner.getOrDefault(ownerId, new String[0])) {
            Status current = statuses.get(device);
            if (current != null && current.ownerId().equals(ownerId)) {
                status.put(device, current);
            }
        }
        Map<String, TreeMap<LocalDate, Day>> earned = earnings.getOrDefault(ownerId, new ConcurrentHashMap<>());
        if (status.isEmpty() && earned.isEmpty()) {
            return Optional.empty();
        }
        TreeMap<String, Device> devices = new TreeMap<>();
        for (String device : union(status.keySet(), earned.keySet())) {
            Status s = status.get(device);
            TreeMap<LocalDate, Day> byDay = earned.get(device);
            List<Day> days = byDay == null ? List.of() : List.copyOf(byDay.descendingMap().values());
            devices.put(device, new Device(device, s == null ? null : s.partner(), s == null ? null : s.region(),
                    s == null ? null : s.model(), s == null ? null : s.state(), s == null ? List.of() : s.reasons(),
                    s == null ? null : s.lastHeartbeatAt(), days));
        }
        return Optional.of(List.copyOf(devices.values()));
    }

    private static java.util.Set<String> union(java.util.Set<String> a, java.util.Set<String> b) {
        java.util.Set<String> all = new java.util.TreeSet<>(a);
        all.addAll(b);
        return all;
    }
}
