package io.nhp.sim.model;

import java.util.Random;

/**
 * One phone's night, drawn once from a seeded random source: when its owner plugs it in, falls asleep, wakes and
 * unplugs, how full its battery is at plug-in, whether it is on home Wi-Fi, and the incidents of the night (a Wi-Fi
 * drop, a short unplug, overheating); some phones never qualify (never charged at night). Times are minutes of the
 * owner's local clock counted from noon, so that a night does not wrap: 600 = 22:00, 720 = midnight, 1140 = 07:00.
 */
public record Night(int plugIn, int sleep, int wake, int unplug, double batteryAtPlugIn, double baseTempC,
                    boolean homeWifi, boolean neverQualifies, Incident wifiDrop, Incident shortUnplug,
                    Incident overheat) {

    /** Battery charging speed, % per minute. */
    public static final double CHARGE_PER_MINUTE = 1.2;

    /** Something that lasts {@code [start, end)} minutes from noon; {@link #NONE} when it does not happen. */
    public record Incident(int start, int end) {
        public static final Incident NONE = new Incident(-1, -1);

        public boolean during(int minute) {
            return minute >= start && minute < end;
        }
    }

    /** A night as owners with the given active hours live it (their hours are the centre of the draws). */
    public static Night draw(Random random) {
        int plugIn = clip(gaussian(random, 630, 45), 480, 780);            // ~22:30, 20:00–01:00
        int sleep = plugIn + random.nextInt(61);                           // within the hour after
        int wake = Math.max(clip(gaussian(random, 1125, 30), 1020, 1260), sleep + 120); // ~06:45
        int unplug = wake + 5 + random.nextInt(26);
        return new Night(plugIn, sleep, wake, unplug, 15 + random.nextInt(46), 27 + random.nextDouble() * 5,
                random.nextDouble() < 0.9, random.nextDouble() < 0.1,
                incident(random, 0.15, sleep, wake, 5, 25),
                incident(random, 0.08, sleep, wake, 3, 15),
                incident(random, 0.05, sleep, wake, 10, 30));
    }

    /** What the phone reports at a minute of its owner's local clock (from noon), computing or not. */
    public PhoneState at(int minute, boolean computing) {
        boolean night = minute >= plugIn && minute < unplug;
        boolean charging = night && !neverQualifies && !shortUnplug.during(minute);
        boolean asleep = minute >= sleep && minute < wake;
        boolean wifi = night ? homeWifi && !wifiDrop.during(minute) : homeWifi && minute % 90 < 50;
        int battery = night && !neverQualifies
                ? (int) Math.min(100, batteryAtPlugIn + CHARGE_PER_MINUTE * (minute - plugIn))
                : (int) Math.max(5, Math.min(100, 80 - (minute >= unplug ? minute - unplug : minute) / 12.0));
        boolean hot = overheat.during(minute);
        double temp = baseTempC + (hot ? 13 : 0) + (computing ? 5 : 0) + (charging ? 1 : 0);
        PhoneState.Thermal thermal = hot ? PhoneState.Thermal.MODERATE
                : computing ? PhoneState.Thermal.LIGHT : PhoneState.Thermal.NONE;
        return new PhoneState(charging, battery, Math.round(temp * 10) / 10.0,
                wifi ? PhoneState.Network.WIFI : PhoneState.Network.CELLULAR, asleep, computing ? 85 : 6, thermal);
    }

    /** Minutes from noon of a local time of day. */
    public static int minuteFromNoon(int hour, int minute) {
        return ((hour + 12) % 24) * 60 + minute;
    }

    private static Incident incident(Random random, double probability, int from, int to, int minLength, int maxLength) {
        if (random.nextDouble() >= probability || to <= from) {
            return Incident.NONE;
        }
        int start = from + random.nextInt(to - from);
        return new Incident(start, start + minLength + random.nextInt(maxLength - minLength + 1));
    }

    private static int gaussian(Random random, double mean, double sd) {
        return (int) Math.round(mean + random.nextGaussian() * sd);
    }

    private static int clip(int value, int min, int max) {
        return Math.max(min, Math.min(max, value));
    }
}
