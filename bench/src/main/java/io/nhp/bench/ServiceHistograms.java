package io.nhp.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a service measured itself, from the percentile histograms it publishes on {@code /q/metrics} (Micrometer's
 * {@code _bucket} series): read before and after a step, the difference is what happened in between, so the
 * benchmark can say how much of the latency it saw the service accounts for. A quantile is the upper bound of the
 * bucket it falls in (Micrometer's buckets are about a third apart), summed over every tag set of the histogram.
 * Its JVM's GC pauses too (Micrometer's {@code jvm_gc_pause_seconds}, count and sum over every collector and cause).
 */
final class ServiceHistograms {

    private static final String GC_COUNT = "jvm_gc_pause_seconds_count{";
    private static final String GC_SUM = "jvm_gc_pause_seconds_sum{";

    /**
     * Cumulative counts by bucket upper bound (seconds), per histogram name; the GC pauses so far and their total
     * seconds.
     */
    record Snapshot(Map<String, TreeMap<Double, Double>> buckets, double gcPauses, double gcSeconds) {

        /** What was counted since {@code earlier}. */
        Snapshot since(Snapshot earlier) {
            Map<String, TreeMap<Double, Double>> delta = new HashMap<>();
            buckets.forEach((name, counts) -> {
                TreeMap<Double, Double> before = earlier.buckets.getOrDefault(name, new TreeMap<>());
                TreeMap<Double, Double> diff = new TreeMap<>();
                counts.forEach((le, count) -> diff.put(le, count - before.getOrDefault(le, 0.0)));
                delta.put(name, diff);
            });
            return new Snapshot(delta, gcPauses - earlier.gcPauses, gcSeconds - earlier.gcSeconds);
        }

        /** "N GC pauses, M ms in all" (what the service's JVM stood still for). */
        String describeGc() {
            return String.format(Locale.ROOT, "%.0f GC pauses, %.0f ms in all", gcPauses, gcSeconds * 1000);
        }

        /** How many were recorded. */
        long count(String name) {
            TreeMap<Double, Double> counts = buckets.get(name);
            return counts == null || counts.isEmpty() ? 0 : Math.round(counts.lastEntry().getValue());
        }

        /** The {@code q} quantile in milliseconds (its bucket's upper bound), NaN when nothing was recorded. */
        double millis(String name, double q) {
            TreeMap<Double, Double> counts = buckets.get(name);
            long total = count(name);
            if (total == 0) {
                return Double.NaN;
            }
            for (Map.Entry<Double, Double> bucket : counts.entrySet()) {
                if (bucket.getValue() >= q * total) {
                    return bucket.getKey() * 1000;
                }
            }
            return Double.POSITIVE_INFINITY;
        }

        /** "name p50 … p99 … ms" for each histogram, in the order given. */
        String describe(List<String> names) {
            StringBuilder text = new StringBuilder();
            for (String name : names) {
                text.append(text.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%s p50 ≤ %.1f p99 ≤ %.1f ms",
                        name, millis(name, 0.50), millis(name, 0.99)));
            }
            return text.toString();
        }
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI metrics;
    private final List<String> names;

    /** The histograms {@code names} (as Prometheus names them, without {@code _seconds_bucket}) of the service at {@code base}. */
    ServiceHistograms(URI base, List<String> names) {
        this.metrics = base.resolve("/q/metrics");
        this.names = List.copyOf(names);
    }

    List<String> names() {
        return names;
    }

    Snapshot read() throws IOException, InterruptedException {
        String text = http.send(HttpRequest.newBuilder(metrics).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        return parse(text, names);
    }

    /** The buckets of {@code names} in a Prometheus text exposition. */
    static Snapshot parse(String exposition, List<String> names) {
        Map<String, TreeMap<Double, Double>> buckets = new HashMap<>();
        double gcPauses = 0;
        double gcSeconds = 0;
        for (String line : exposition.split("\n")) {
            if (line.startsWith(GC_COUNT)) {
                gcPauses += value(line);
            } else if (line.startsWith(GC_SUM)) {
                gcSeconds += value(line);
            }
            for (String name : names) {
                String prefix = name + "_seconds_bucket{";
                if (!line.startsWith(prefix)) {
                    continue;
                }
                int le = line.indexOf("le=\"", prefix.length());
                if (le < 0) {
                    continue;
                }
                String bound = line.substring(le + 4, line.indexOf('"', le + 4));
                double upper = bound.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(bound);
                buckets.computeIfAbsent(name, n -> new TreeMap<>()).merge(upper, value(line), Double::sum);
            }
        }
        return new Snapshot(buckets, gcPauses, gcSeconds);
    }

    private static double value(String line) {
        return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
    }
}
