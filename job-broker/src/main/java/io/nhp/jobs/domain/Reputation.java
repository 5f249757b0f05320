package io.nhp.jobs.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Each device's standing: a strike when its result disagrees with the accepted answer (a dissent), with the service's
 * re-execution (a spot check) or with a canary's known answer. {@code maxStrikes} strikes within {@code window} put
 * the device in cool-off for {@code coolOff}: it is leased nothing, and comes back with a clean slate. Every
 * {@code forgiveAfter} agreeing results forgive its oldest strike. Pure and single-threaded; time is given.
 *
 * <p>It keeps no state of its own in Kafka: the evidence is each finished attempt's {@code valid} flag in the job
 * snapshots, so after a restart the book {@link #restore replays} them in time order.
 */
public final class Reputation {

    /** Why a device got a strike (the {@code reason} tag of {@code nhp.jobs.strikes}). */
    public enum Reason {
        DISSENT, SPOT_CHECK, CANARY;

        public String tag() {
            return name().toLowerCase();
        }
    }

    /** Limits: strikes within a window before a cool-off, its length, and agreements that forgive a strike. */
    public record Settings(int maxStrikes, Duration window, Duration coolOff, int forgiveAfter) {
        public Settings {
            if (maxStrikes < 1 || forgiveAfter < 1 || window.isNegative() || coolOff.isNegative()) {
                throw new IllegalArgumentException("reputation settings must be positive: " + maxStrikes + ", "
                        + window + ", " + coolOff + ", " + forgiveAfter);
            }
        }

        /** Three strikes within an hour: an hour's cool-off; ten agreeing results forgive one strike. */
        public static Settings defaults() {
            return new Settings(3, Duration.ofHours(1), Duration.ofHours(1), 10);
        }
    }

    /** A strike given, for the service to count. */
    public record Strike(String deviceId, String partner, Reason reason, Instant at, boolean coolingOff) {
    }

    private final Settings settings;
    /** Only devices with a strike in force or in cool-off: a device in good standing costs nothing. */
    private final Map<String, Standing> standings = new HashMap<>();
    private final List<Strike> strikes = new ArrayList<>();
    /** Verdicts restored from snapshots, applied in time order before the book next asks anything. */
    private final List<Verdict> restored = new ArrayList<>();

    public Reputation(Settings settings) {
        this.settings = settings;
    }

    public Settings settings() {
        return settings;
    }

    /** The device's result disagreed with the accepted answer at {@code now}. */
    public void strike(EligibleDevice device, Reason reason, Instant now) {
        replayRestored();
        boolean coolingOff = apply(device, false, now);
        strikes.add(new Strike(device.deviceId(), device.partner(), reason, now, coolingOff));
    }

    /** The device's result agreed with the accepted answer at {@code now}. */
    public void agreed(EligibleDevice device, Instant now) {
        replayRestored();
        apply(device, true, now);
    }

    /** A verdict read back from a job snapshot (recovery): applied, with the others, in time order. */
    public void restore(EligibleDevice device, boolean agreed, Instant at) {
        restored.add(new Verdict(device, agreed, at));
    }

    /** Whether the device is in cool-off at {@code now}: it is leased nothing. */
    public boolean coolingOff(String deviceId, Instant now) {
        replayRestored();
        Standing standing = standings.get(deviceId);
        return standing != null && standing.coolingUntil != null && now.isBefore(standing.coolingUntil);
    }

    /** Strikes in force (within the window, not forgiven) of the device at {@code now}. */
    public int strikesOf(String deviceId, Instant now) {
        replayRestored();
        Standing standing = standings.get(deviceId);
        if (standing == null) {
            return 0;
        }
        return (int) standing.strikes.stream().filter(at -> at.isAfter(now.minus(settings.window()))).count();
    }

    /** Devices of each partner in cool-off at {@code now} (for the gauge); standings over are forgotten. */
    public Map<String, Integer> coolingOffByPartner(Instant now) {
        replayRestored();
        Map<String, Integer> counts = new HashMap<>();
        standings.values().removeIf(standing -> {
            standing.prune(now);
            boolean cooling = standing.coolingUntil != null && now.isBefore(standing.coolingUntil);
            if (cooling) {
                counts.merge(standing.partner, 1, Integer::sum);
            }
            return !cooling && standing.strikes.isEmpty();
        });
        return counts;
    }

    /** Strikes given since the last call, for the service to count once they are in Kafka. */
    public List<Strike> drainStrikes() {
        List<Strike> given = List.copyOf(strikes);
        strikes.clear();
        return given;
    }

    /** Applies one verdict; true when it started a cool-off. */
    private boolean apply(EligibleDevice device, boolean agreed, Instant at) {
        Standing standing = standings.get(device.deviceId());
        if (agreed) {
            if (standing != null && !standing.strikes.isEmpty() && ++standing.agreements >= settings.forgiveAfter()) {
                standing.strikes.pollFirst();
                standing.agreements = 0;
            }
            return false;
        }
        if (standing == null) {
            standing = new Standing(device.partner());
            standings.put(device.deviceId(), standing);
        }
        if (standing.coolingUntil != null && at.isBefore(standing.coolingUntil)) {
            return false; // a result leased before the cool-off began: the cool-off already answers for it
        }
        standing.prune(at);
        standing.strikes.addLast(at);
        standing.agreements = 0;
        if (standing.strikes.size() >= settings.maxStrikes()) {
            standing.coolingUntil = at.plus(settings.coolOff());
            standing.strikes.clear(); // after the cool-off, a clean slate
            return true;
        }
        return false;
    }

    private void replayRestored() {
        if (restored.isEmpty()) {
            return;
        }
        restored.sort(Comparator.comparing(Verdict::at));
        restored.forEach(v -> apply(v.device(), v.agreed(), v.at()));
        restored.clear();
    }

    private record Verdict(EligibleDevice device, boolean agreed, Instant at) {
    }

    /** One device's strikes in force (oldest first), agreements since its last strike or forgiveness, cool-off. */
    private final class Standing {
        final String partner;
        final Deque<Instant> strikes = new ArrayDeque<>();
        int agreements;
        Instant coolingUntil;

        Standing(String partner) {
            this.partner = partner;
        }

        void prune(Instant now) {
            Instant horizon = now.minus(settings.window());
            while (!strikes.isEmpty() && !strikes.peekFirst().isAfter(horizon)) {
                strikes.pollFirst();
            }
        }
    }
}
