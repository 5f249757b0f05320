package io.nhp.economics.domain;

import java.time.Duration;
import java.time.Instant;

/** A partner's open minute: the shares of jobs that completed in it, until it closes and is published. */
public record MinuteWindow(String partner, Instant start, SavingsTally tally) {

    public static final Duration LENGTH = Duration.ofMinutes(1);

    public Instant end() {
        return start.plus(LENGTH);
    }

    public MinuteWindow plus(SavingsTally share) {
        return new MinuteWindow(partner, start, tally.plus(share));
    }
}
