package io.nhp.registry.domain;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A device's local time of day, cheaply: every heartbeat of a device with active hours needs it, and
 * {@code ZoneId.of} plus a {@code ZonedDateTime} per heartbeat cost a seventh of a stream thread's time. Zones are
 * parsed once per name; a zone's UTC offset is remembered with the instant up to which it holds (its next
 * transition), so that most heartbeats need one map lookup and some arithmetic. Thread-safe (shared by all stream
 * threads); bounded by the number of zone names the devices use.
 */
public final class LocalClock {

    private static final long SECONDS_PER_DAY = 86_400;
    private static final ConcurrentHashMap<String, ZoneId> ZONES = new ConcurrentHashMap<>();
    private static final ConcurrentHashMap<ZoneId, Span> OFFSETS = new ConcurrentHashMap<>();

    /** The offset a zone has from second {@code from} (inclusive) to second {@code until} (exclusive). */
    private record Span(long from, long until, int offsetSeconds) {
    }

    private LocalClock() {
    }

    /** The zone of this name (as {@link ZoneId#of}, which throws on an unknown one); UTC for none. */
    public static ZoneId zone(String name) {
        return name == null ? ZoneOffset.UTC : ZONES.computeIfAbsent(name, ZoneId::of);
    }

    /** The local time of day of {@code instant} in {@code zone} (UTC for none), in nanoseconds since midnight. */
    public static long nanoOfDay(Instant instant, ZoneId zone) {
        long epochSecond = instant.getEpochSecond();
        long local = Math.floorMod(epochSecond + offsetSeconds(instant, zone == null ? ZoneOffset.UTC : zone),
                SECONDS_PER_DAY);
        return local * 1_000_000_000L + instant.getNano();
    }

    static int offsetSeconds(Instant instant, ZoneId zone) {
        if (zone instanceof ZoneOffset fixed) {
            return fixed.getTotalSeconds();
        }
        long epochSecond = instant.getEpochSecond();
        Span span = OFFSETS.get(zone);
        if (span != null && epochSecond >= span.from && epochSecond < span.until) {
            return span.offsetSeconds;
        }
        ZoneRules rules = zone.getRules();
        int offset = rules.getOffset(instant).getTotalSeconds();
        // transitions fall on whole seconds: the offset at this instant holds from its second to the next transition
        ZoneOffsetTransition next = rules.nextTransition(instant);
        OFFSETS.put(zone, new Span(epochSecond, next == null ? Long.MAX_VALUE : next.toEpochSecond(), offset));
        return offset;
    }
}
