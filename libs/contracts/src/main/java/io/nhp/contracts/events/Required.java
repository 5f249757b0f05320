package io.nhp.contracts.events;

import java.security.SecureRandom;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/** Checks used by the event records' constructors, so a record missing a required field cannot exist. */
public final class Required {

    private Required() {
    }

    /** The value, or an {@link IllegalArgumentException} naming the missing field. */
    public static <T> T field(T value, String name) {
        if (value == null) {
            throw new IllegalArgumentException("missing required field '" + name + "'");
        }
        if (value instanceof String s && s.isBlank()) {
            throw new IllegalArgumentException("required field '" + name + "' is blank");
        }
        return value;
    }

    /** This process's half of every event id it makes: random, drawn once (version 4 bits set). */
    private static final long PROCESS = new SecureRandom().nextLong() & ~0xF000L | 0x4000L;
    /** The other half: a counter from a random start, so that no two ids of this process are equal. */
    private static final AtomicLong SEQUENCE = new AtomicLong(new SecureRandom().nextLong());

    /**
     * A new event id, unique: a UUID (version 4, IETF variant) whose first half is drawn at random once per process
     * and whose second half counts. {@code UUID.randomUUID()} took a tenth of the heartbeat ingest's event loops
     * (a {@code SecureRandom} per id); ids need to be unique, not unguessable. Two processes share a first half
     * with a chance of 2^-60.
     */
    public static String newEventId() {
        long sequence = SEQUENCE.getAndIncrement() & 0x3FFF_FFFF_FFFF_FFFFL | 0x8000_0000_0000_0000L;
        return new UUID(PROCESS, sequence).toString();
    }
}
