package io.nhp.pricing.domain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import io.nhp.service.json.StrictJson;
import java.math.BigDecimal;
import java.util.Optional;

/**
 * What one field of reference data may hold. Decimals are kept as written (never through binary floating point)
 * and always with a fraction digit, because the model prints a double-typed figure as {@code 1.0}, not {@code 1}.
 * As with every write API ({@link StrictJson}), a number is at most a billion unless its rule says otherwise
 * ({@link #upTo}), and text at most {@link #MAX_TEXT} characters.
 */
public record FieldRule(String name, Type type, BigDecimal min, boolean minExclusive, BigDecimal max) {

    /** The longest text a reference field holds (names, a TEE's maturity): far more than any has. */
    public static final int MAX_TEXT = 256;

    public FieldRule {
        if (max == null && (type == Type.DECIMAL || type == Type.WHOLE)) {
            max = StrictJson.MAX_NUMBER;
        }
    }

    /** The same rule with another ceiling, for a figure that legitimately exceeds a billion (dollars a year). */
    public FieldRule upTo(long ceiling) {
        return new FieldRule(name, type, min, minExclusive, BigDecimal.valueOf(ceiling));
    }

    /** The JSON type a field must have. */
    public enum Type { DECIMAL, WHOLE, BOOLEAN, TEXT }

    /** A decimal strictly above zero: prices, TOPS, durations. */
    public static FieldRule positive(String name) {
        return new FieldRule(name, Type.DECIMAL, BigDecimal.ZERO, true, null);
    }

    /** A whole number strictly above zero. */
    public static FieldRule positiveWhole(String name) {
        return new FieldRule(name, Type.WHOLE, BigDecimal.ZERO, true, null);
    }

    /** A whole number at or above {@code min}. */
    public static FieldRule whole(String name, long min) {
        return new FieldRule(name, Type.WHOLE, BigDecimal.valueOf(min), false, null);
    }

    /** A decimal at or above zero. */
    public static FieldRule nonNegative(String name) {
        return new FieldRule(name, Type.DECIMAL, BigDecimal.ZERO, false, null);
    }

    /** A share between 0 and 1, both included (coverage, parallelizable, flagship share). */
    public static FieldRule share(String name) {
        return new FieldRule(name, Type.DECIMAL, BigDecimal.ZERO, false, BigDecimal.ONE);
    }

    /** A percentage between 0 and 100, both included. */
    public static FieldRule percent(String name) {
        return new FieldRule(name, Type.DECIMAL, BigDecimal.ZERO, false, BigDecimal.valueOf(100));
    }

    public static FieldRule text(String name) {
        return new FieldRule(name, Type.TEXT, null, false, null);
    }

    public static FieldRule bool(String name) {
        return new FieldRule(name, Type.BOOLEAN, null, false, null);
    }

    /** Why the value does not fit, or empty when it does. */
    public Optional<String> problem(JsonNode value) {
        return switch (type) {
            case TEXT -> value.isTextual() && !value.asText().isBlank() && value.asText().length() <= MAX_TEXT
                    ? Optional.empty() : Optional.of("must be non-blank text of at most " + MAX_TEXT + " characters");
            case BOOLEAN -> value.isBoolean() ? Optional.empty() : Optional.of("must be true or false");
            case WHOLE -> value.isIntegralNumber() ? range(value.decimalValue()) : Optional.of("must be a whole number");
            case DECIMAL -> value.isNumber() ? range(value.decimalValue()) : Optional.of("must be a number");
        };
    }

    /** The value as stored: decimals as exact decimals with at least one fraction digit. */
    public JsonNode normalize(JsonNode value) {
        if (type != Type.DECIMAL) {
            return value;
        }
        BigDecimal decimal = value.decimalValue();
        return DecimalNode.valueOf(decimal.scale() < 1 ? decimal.setScale(1) : decimal);
    }

    private Optional<String> range(BigDecimal value) {
        if (min != null && (minExclusive ? value.compareTo(min) <= 0 : value.compareTo(min) < 0)) {
            return Optional.of("must be " + (minExclusive ? "greater than " : "at least ") + min.toPlainString());
        }
        if (max != null && value.compareTo(max) > 0) {
            return Optional.of("must be at most " + max.toPlainString());
        }
        return Optional.empty();
    }
}
