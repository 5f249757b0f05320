package io.nhp.jobs.api;

import io.nhp.kafka.testkit.MalformedJson;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * Malformed bodies for job-broker's write endpoints, generated: a valid body with one thing wrong (a field given a
 * value it never takes, a required field left out, a field nobody has, a key twice, text after it, cut short), a
 * batch with a null or a malformed job, or noise. Every one of them must be refused with a 4xx problem.
 */
final class FuzzBodies {

    /** Put in every generated job's inputRef (unless that is what is mangled), to find any that reached Kafka. */
    static final String MARKER = "s3://fuzz/never-queued";

    private FuzzBodies() {
    }

    /** A valid job of the test task type ({@code test_echo}: at least 2 s of deadline), field by field. */
    static Map<String, String> validJob() {
        Map<String, String> job = new LinkedHashMap<>();
        job.put("taskType", "\"test_echo\"");
        job.put("inputRef", "\"" + MARKER + "\"");
        job.put("inputHash", "\"sha256:in\"");
        job.put("deadlineSeconds", "5");
        job.put("redundancy", "1");
        job.put("priority", "0");
        return job;
    }

    /** A valid successful result, field by field. */
    static Map<String, String> validResult() {
        Map<String, String> result = new LinkedHashMap<>();
        result.put("status", "\"SUCCEEDED\"");
        result.put("outputHash", "\"sha256:out\"");
        result.put("deviceSeconds", "29.4");
        return result;
    }

    static Arbitrary<String> jobBodies() {
        return mangled(validJob(), Map.of(
                "taskType", Arbitraries.oneOf(requiredText(64), Arbitraries.of("\"Inference_text\"", "\"1abc\"", "\"a\"",
                        "\"inference-text\"")),
                "inputRef", requiredText(2048),
                "inputHash", requiredText(256),
                "deadlineSeconds", badWhole(2, 604_800),
                "redundancy", badWhole(1, 3),
                "priority", badWhole(0, 9)), Set.of("taskType", "inputRef", "inputHash"));
    }

    static Arbitrary<String> resultBodies() {
        return mangled(validResult(), Map.of(
                "status", Arbitraries.of("null", "0", "1", "\"succeeded\"", "\"DONE\"", "\"\"", "[]", "{}", "true"),
                "outputHash", Arbitraries.oneOf(tooLong(256), Arbitraries.of("null", "12", "true", "[]", "{}")),
                "deviceSeconds", Arbitraries.oneOf(badNumber(), Arbitraries.of("null", "\"29.4\"", "true", "[]", "{}"))),
                Set.of("status", "deviceSeconds"));
    }

    static Arbitrary<String> batchBodies() {
        Arbitrary<List<String>> validJobs = Arbitraries.just(object(validJob())).list().ofMinSize(1).ofMaxSize(4);
        Arbitrary<String> withNull = Combinators.combine(validJobs, Arbitraries.integers().between(0, 4))
                .as((jobs, at) -> insert(jobs, Math.min(at, jobs.size()), "null"));
        Arbitrary<String> withBadJob = Combinators.combine(validJobs, Arbitraries.integers().between(0, 4), jobBodies())
                .as((jobs, at, bad) -> insert(jobs, Math.min(at, jobs.size()), bad));
        Arbitrary<String> notAList = Arbitraries.of("{\"jobs\":[]}", "{\"jobs\":null}", "{\"jobs\":{}}", "{\"jobs\":\"x\"}",
                "{}", "[]", "{\"jobs\":[[]]}", "{\"jobs\":[1]}");
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(3, withNull), net.jqwik.api.Tuple.of(4, withBadJob),
                net.jqwik.api.Tuple.of(1, notAList), net.jqwik.api.Tuple.of(1, noise()),
                net.jqwik.api.Tuple.of(2, cutShort("{\"jobs\":[" + object(validJob()) + "]}")));
    }

    /** One thing wrong with a valid body (the shared generator of the write APIs' fuzz tests). */
    private static Arbitrary<String> mangled(Map<String, String> valid, Map<String, Arbitrary<String>> badValues,
                                             Set<String> required) {
        return MalformedJson.bodies(valid, badValues, required, true, Set.of());
    }

    /** A required text field's wrong values: absent-as-null, blank, not text, or longer than it may be. */
    private static Arbitrary<String> requiredText(int maxLength) {
        return Arbitraries.oneOf(Arbitraries.of("null", "\"\"", "\"   \"", "7", "1e400", "true", "[]", "{}",
                "[\"a\"]"), tooLong(maxLength));
    }

    private static Arbitrary<String> tooLong(int maxLength) {
        return MalformedJson.tooLong(maxLength);
    }

    /** An optional whole number's wrong values: outside min..max, not whole, not finite, or not a number. */
    private static Arbitrary<String> badWhole(long min, long max) {
        Arbitrary<String> outside = Arbitraries.oneOf(Arbitraries.longs().between(-1_000_000_000_000L, min - 1),
                Arbitraries.longs().between(max + 1, 1_000_000_000_000L)).map(Object::toString);
        return Arbitraries.oneOf(outside, Arbitraries.of(min + ".5", max + "e0", "1e400", "-1e400", "\"" + min + "\"",
                "true", "[]", "{}", "99999999999999999999999999"));
    }

    /** Numbers no field takes: negative, beyond a billion, or beyond a double. */
    private static Arbitrary<String> badNumber() {
        return Arbitraries.oneOf(
                Arbitraries.doubles().between(-1e12, -0.01).map(Object::toString),
                Arbitraries.of("-1e-6", "-0.0000001", "-1"),
                Arbitraries.doubles().between(1.000001e9, 1e300).map(Object::toString),
                Arbitraries.integers().between(309, 99_999).map(e -> "1e" + e),
                Arbitraries.integers().between(309, 99_999).map(e -> "-9.9e" + e));
    }

    /** The body cut short somewhere before its end (from nothing at all to all but its last character). */
    private static Arbitrary<String> cutShort(String body) {
        return Arbitraries.oneOf(Arbitraries.just(""), MalformedJson.cutShort(body));
    }

    /** Printable noise, sometimes starting like an object. */
    private static Arbitrary<String> noise() {
        return Arbitraries.oneOf(MalformedJson.noise(), Arbitraries.strings().ofMaxLength(40).map("{\"jobs\":"::concat));
    }

    static String object(Map<String, String> fields) {
        return MalformedJson.object(fields);
    }

    private static String insert(List<String> jobs, int at, String item) {
        List<String> all = new ArrayList<>(jobs);
        all.add(at, item);
        return "{\"jobs\":[" + String.join(",", all) + "]}";
    }
}
