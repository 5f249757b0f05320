package io.nhp.sim.model;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;

/**
 * The simulated owners' clock. At speed 1 it is the real local time in each owner's time zone. Accelerated (e.g.
 * speed 60: a simulated minute per second) every owner's local clock starts at the same time of day (by default
 * 21:30, so a demo starts with the evening) and runs {@code speed} times faster: one night everywhere, in minutes.
 */
public final class SimClock {

    private final double speed;
    private final Instant realStart;
    private final LocalTime simulatedStart;

    public SimClock(double speed, Instant realStart, LocalTime simulatedStart) {
        this.speed = speed;
        this.realStart = realStart;
        this.simulatedStart = simulatedStart;
    }

    public double speed() {
        return speed;
    }

    public boolean accelerated() {
        return speed != 1.0;
    }

    /** Minutes from noon on the owner's local clock at a real instant. */
    public int minuteFromNoon(Instant now, ZoneId zone) {
        if (!accelerated()) {
            ZonedDateTime local = now.atZone(zone);
            return Night.minuteFromNoon(local.getHour(), local.getMinute());
        }
        double elapsedMinutes = Duration.between(realStart, now).toMillis() / 60_000.0 * speed;
        int start = Night.minuteFromNoon(simulatedStart.getHour(), simulatedStart.getMinute());
        return (int) ((start + elapsedMinutes) % 1440);
    }

    /** A simulated duration as real time (a job of 29.4 s takes 0.49 s at speed 60). */
    public Duration real(Duration simulated) {
        return Duration.ofNanos((long) (simulated.toNanos() / speed));
    }
}
