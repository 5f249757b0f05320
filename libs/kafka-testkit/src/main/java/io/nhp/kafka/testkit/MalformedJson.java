package io.nhp.kafka.testkit;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.sessions.JqwikSession;

/**
 * Malformed JSON bodies for the fuzz tests of the write APIs, generated with jqwik from a valid body: one thing wrong
 * (a field given a value it never takes, a required field left out, a field the request does not have, a key given
 * twice, text after the body, a value nested thousands deep, the body cut short) or noise that is not JSON at all.
 * The per-field wrong values ({@link #notText()}, {@link #badNumber}, …) are what the shared strict rule refuses.
 */
public final class MalformedJson {

    private static final ObjectMapper TOLERANT = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private MalformedJson() {
    }

    /**
     * A valid body ({@code field → JSON value}, in order) with one thing wrong.
     *
     * @param wrong          per field, values it never takes
     * @param required       fields whose absence is refused
     * @param unknownRefused whether a field the request does not have is refused (free-form bodies may tolerate it)
     * @param reserved       names that are not the body's fields but mean something (never used as unknown fields)
     */
    public static Arbitrary<String> bodies(Map<String, String> valid, Map<String, Arbitrary<String>> wrong,
                                           Set<String> required, boolean unknownRefused, Set<String> reserved) {
        List<Arbitrary<String>> ways = new ArrayList<>();
        wrong.forEach((field, bad) -> ways.add(bad.map(value -> object(with(valid, field, value)))));
        required.forEach(field -> ways.add(Arbitraries.just(object(without(valid, field)))));
        if (unknownRefused) {
            ways.add(Combinators.combine(Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(12)
                            .filter(name -> !valid.containsKey(name) && !reserved.contains(name)), anyValue())
                    .as((name, value) -> object(with(valid, name, value))));
        }
        ways.add(Arbitraries.of(List.copyOf(valid.keySet())).map(field -> object(valid).replaceFirst("\\{",
                "{\"" + field + "\":" + valid.get(field) + ",")));
        ways.add(Arbitraries.of(" x", "{}", "[]", ",", " 1", "\"", "}").map(object(valid)::concat));
        ways.add(Combinators.combine(Arbitraries.of(List.copyOf(wrong.keySet())), Arbitraries.integers().between(1_001, 5_000))
                .as((field, depth) -> object(with(valid, field, "[".repeat(depth) + "]".repeat(depth)))));
        ways.add(cutShort(object(valid)));
        ways.add(noise());
        return Arbitraries.oneOf(ways);
    }

    /** Values no text field takes: numbers, booleans, lists, objects. */
    public static Arbitrary<String> notText() {
        return Arbitraries.of("7", "-1", "1e400", "true", "[]", "{}", "[\"a\"]", "{\"a\":\"b\"}");
    }

    /** Text longer than {@code maxLength}, up to 8 KiB. */
    public static Arbitrary<String> tooLong(int maxLength) {
        return Arbitraries.strings().withCharRange('a', 'z').ofMinLength(maxLength + 1).ofMaxLength(8 * 1024)
                .map(s -> "\"" + s + "\"");
    }

    /** Values no yes/no takes: text, numbers, lists. */
    public static Arbitrary<String> notBoolean() {
        return Arbitraries.of("\"true\"", "\"false\"", "1", "0", "\"\"", "\"yes\"", "[]", "{}", "[true]");
    }

    /** Values an enum of these names never takes: other text, lower case, empty, numbers, lists. */
    public static Arbitrary<String> notOneOf(String... names) {
        return Arbitraries.oneOf(Arbitraries.of(names).map(n -> "\"" + n.toLowerCase() + "x\""),
                Arbitraries.of("\"\"", "\"NOPE\"", "0", "1", "true", "[]", "{}", "[\"" + names[0] + "\"]"));
    }

    /**
     * Numbers (and non-numbers) outside {@code min..max}: beyond either end, beyond a double ({@code 1e400}), not
     * whole where it must be, written as text, or not a number at all.
     */
    public static Arbitrary<String> badNumber(double min, double max, boolean whole) {
        List<Arbitrary<String>> ways = new ArrayList<>(List.of(
                Arbitraries.doubles().between(-1e15, min - 0.01).map(d -> Double.toString(d)),
                Arbitraries.doubles().between(max + 0.01, 1e15).map(d -> Double.toString(d)),
                Arbitraries.integers().between(309, 99_999).map(e -> (e % 2 == 0 ? "-" : "") + "9.9e" + e),
                Arbitraries.of("1e400", "-1e400", "99999999999999999999999999", "-99999999999999999999999999",
                        "\"" + max + "\"", "true", "[]", "{}", "[1]", "\"NaN\"", "\"Infinity\"")));
        if (whole) {
            ways.add(Arbitraries.of(min + 0.5, (min + max) / 2 + 0.25).map(d -> Double.toString(d)));
        }
        return Arbitraries.oneOf(ways);
    }

    /** A JSON value of any kind, for a field the request does not have. */
    public static Arbitrary<String> anyValue() {
        return Arbitraries.oneOf(Arbitraries.of("null", "true", "0", "-1", "1e400", "\"x\"", "[]", "{}", "[null]"),
                Arbitraries.integers().map(Object::toString));
    }

    /** The body cut short somewhere after its first character and before its last. */
    public static Arbitrary<String> cutShort(String body) {
        return Arbitraries.integers().between(1, body.length() - 1).map(at -> body.substring(0, at));
    }

    /** Printable noise, sometimes starting like JSON, that is not JSON. */
    public static Arbitrary<String> noise() {
        return Combinators.combine(Arbitraries.of("", "{", "[", "{\"a\":", "\""), Arbitraries.strings().ofMaxLength(40))
                .as(String::concat).filter(s -> !s.isBlank() && !parses(s));
    }

    /** {@code count} bodies, the same on every run for a seed (jqwik's generators outside a property). */
    public static List<String> sample(Arbitrary<String> bodies, long seed, int count) {
        JqwikSession.start(Long.toString(seed));
        try {
            var generator = bodies.generator(1000);
            var random = new Random(seed);
            List<String> sample = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                sample.add(generator.next(random).value());
            }
            return sample;
        } finally {
            JqwikSession.finish();
        }
    }

    /** A body written as JSON from its fields' JSON values, in order. */
    public static String object(Map<String, String> fields) {
        return fields.entrySet().stream().map(e -> "\"" + e.getKey() + "\":" + e.getValue())
                .collect(Collectors.joining(",", "{", "}"));
    }

    public static Map<String, String> with(Map<String, String> body, String field, String value) {
        Map<String, String> copy = new LinkedHashMap<>(body);
        copy.put(field, value);
        return copy;
    }

    public static Map<String, String> without(Map<String, String> body, String field) {
        Map<String, String> copy = new LinkedHashMap<>(body);
        copy.remove(field);
        return copy;
    }

    private static boolean parses(String text) {
        try {
            TOLERANT.readTree(text);
            return true;
        } catch (Exception e) {
            return false;
        }
    }
}
