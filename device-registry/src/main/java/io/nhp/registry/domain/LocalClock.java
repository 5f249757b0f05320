package io.nhp.registry.domain;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The local time of day in one time zone, cheaply: every heartbeat of a device with active hours needs it, and
 * {@code ZoneId.of} plus a {@code ZonedDateTime} per heartbeat cost a seventh of a stream thread's time. One clock
 * per zone name, shared by its devices (a device's clock is found with the device); it remembers its zone's UTC
 * offset with the span of time it holds (between two transitions), so that most heartbeats need a field read and
 * some arithmetic — a map of offsets by zone, looked up per heartbeat, had 7 % of the stream threads' samples in a profile.
 * Thread-safe (shared by all stream threads); bounded by the number of zone names the devices use.
 */
public final class LocalClock {

    private static final long SECONDS_PER_DAY = 86_400;
    private static final ConcurrentHashMap<String, LocalClock> CLOCKS = new ConcurrentHashMap<>();
    /** The clock of devices that named no zone. */
    public static final LocalClock UTC = new LocalClock(ZoneOffset.UTC);

    /** The offset the zone has from second {@code from} (inclusive) to second {@code until} (exclusive). */
    private record Span(long from, long until, int offsetSeconds) {
    }

    private final ZoneId zone;
    /** The span last needed (heartbeats come roughly in time order, so it serves most of them). */
    private volatile Span span = new Span(0, 0, 0);

    private LocalClock(ZoneId zone) {
        this.zone = zone;
    }

    /** The clock of the zone of this name (as {@link ZoneId#of}, which throws on an unknown one); UTC for none. */
    public static LocalClock of(String zoneName) {
        return zoneName == null ? UTC : CLOCKS.computeIfAbsent(zoneName, name -> new LocalClock(ZoneId.of(name)));
    }

    public ZoneId zone() {
        return zone;
    }

    /** The local time of day of {@code instant} in this zone, in nanoseconds since midnight. */
    public long nanoOfDay(Instant instant) {
        long local = Math.floorMod(instant.getEpochSecond() + offsetSeconds(instant), SECONDS_PER_DAY);
        return local * 1_000_000_000L + instant.getNano();
    }

    int offsetSeconds(Instant instant) {
        if (zone instanceof ZoneOffset fixed) {
            return fixed.getTotalSeconds();
        }
        long epochSecond = instant.getEpochSecond();
        Span known = span;
        if (epochSecond >= known.from && epochSecond < known.until) {
            return known.offsetSeconds;
        }
        ZoneRules rules = zone.getRules();
        int offset = rules.getOffset(instant).getTotalSeconds();
        // transitions fall on whole seconds: the offset holds from the last transition up to the next one
        ZoneOffsetTransition previous = rules.previousTransition(instant);
        ZoneOffsetTransition next = rules.nextTransition(instant);
        long from = previous == null ? Long.MIN_VALUE
                : previous.getOffsetAfter().getTotalSeconds() == offset ? previous.toEpochSecond() : epochSecond;
        span = new Span(from, next == null ? Long.MAX_VALUE : next.toEpochSecond(), offset);
        return offset;
    }

    @Override
    public String toString() {
        return zone.getId();
    }
}
