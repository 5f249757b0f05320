package io.nhp.figures;

import java.util.Locale;

/**
 * The two modes of the scenario model (MODEL.md §1): {@code reference} reproduces the published reports, defects
 * included; {@code corrected} fixes defects D1–D8 (MODEL.md §10.1) and is the default everywhere.
 */
public enum Mode {
    REFERENCE, CORRECTED;

    /** The name on the wire and in URLs: {@code reference} or {@code corrected}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The mode of a wire name, case-insensitively. */
    public static Mode of(String wireName) {
        return valueOf(wireName.trim().toUpperCase(Locale.ROOT));
    }
}
