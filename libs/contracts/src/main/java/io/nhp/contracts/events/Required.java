package io.nhp.contracts.events;

import java.security.SecureRandom;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/** Checks used by the event records' constructors, so a record missing a required field cannot exist. */
public final class Required {

    private static final SecureRandom SEED = new SecureRandom();
    /** Drawn once per process: 58 random bits of every id it makes (version 4 bits set, 2 bits left for the count). */
    private static final long PROCESS = SEED.nextLong() & ~0xF000L & ~0x3L | 0x4000L;
    private static final long ADD = SEED.nextLong();
    private static final long MASK = SEED.nextLong();
    private static final AtomicLong SEQUENCE = new AtomicLong();

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

    /**
     * A new event id, unique: a UUID (version 4, IETF variant) made of 58 bits drawn at random once per process and
     * the 64 bits of a counter passed through a bijection keyed per process (so ids do not repeat within a process,
     * and two processes share their random bits with a chance of 2^-58), the count itself unreadable from outside
     * (ids are seen by partners and on public pages: consecutive numbers would tell how much the platform does).
     * {@code UUID.randomUUID()} took a tenth of the heartbeat ingest's event loops (a {@code SecureRandom} per id);
     * ids need to be unique, not unguessable.
     */
    public static String newEventId() {
        long count = scramble(SEQUENCE.getAndIncrement() + ADD) ^ MASK;
        long most = PROCESS | count >>> 62;
        long least = count & 0x3FFF_FFFF_FFFF_FFFFL | 0x8000_0000_0000_0000L;
        return new UUID(most, least).toString();
    }

    /** A bijection of the 64-bit numbers that spreads every bit over all the others (SplitMix64's finaliser). */
    static long scramble(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58_476D_1CE4_E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D0_49BB_1331_11EBL;
        return z ^ (z >>> 31);
    }
}
