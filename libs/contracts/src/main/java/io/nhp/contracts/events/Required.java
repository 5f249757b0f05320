package io.nhp.contracts.events;

import java.util.UUID;

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

    /** A new random event id. */
    public static String newEventId() {
        return UUID.randomUUID().toString();
    }
}
