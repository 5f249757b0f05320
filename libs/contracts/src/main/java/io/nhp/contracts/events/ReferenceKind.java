package io.nhp.contracts.events;

/** The kinds of reference data on {@code nhp.reference.prices}; each is the prefix of its record keys. */
public enum ReferenceKind {
    CLOUD_OFFER("cloud"), TOKEN_TIER("tier"), REGION("region"), MARKET("market"), TASK_TYPE("task"),
    CONSTANT("constant");

    private final String keyPrefix;

    ReferenceKind(String keyPrefix) {
        this.keyPrefix = keyPrefix;
    }

    /** The record key of one item of this kind, e.g. {@code cloud:aws_h100}. */
    public String key(String id) {
        return keyPrefix + ":" + id;
    }

    public String keyPrefix() {
        return keyPrefix;
    }

    /** The kind whose key prefix this is ({@code cloud} → {@link #CLOUD_OFFER}), if any. */
    public static java.util.Optional<ReferenceKind> ofPrefix(String prefix) {
        for (ReferenceKind kind : values()) {
            if (kind.keyPrefix.equals(prefix)) {
                return java.util.Optional.of(kind);
            }
        }
        return java.util.Optional.empty();
    }
}
