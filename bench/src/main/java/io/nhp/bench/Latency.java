package io.nhp.bench;

import org.HdrHistogram.ConcurrentHistogram;

/** Latencies in microseconds (HdrHistogram: exact percentiles, no averaging of averages). */
final class Latency {

    private final ConcurrentHistogram histogram = new ConcurrentHistogram(3_600_000_000L, 3);

    void record(long startNanos) {
        histogram.recordValue(Math.max(1, (System.nanoTime() - startNanos) / 1000));
    }

    void recordMillis(double millis) {
        histogram.recordValue(Math.max(1, (long) (millis * 1000)));
    }

    long count() {
        return histogram.getTotalCount();
    }

    /** A percentile in milliseconds. */
    double millis(double percentile) {
        return histogram.getValueAtPercentile(percentile) / 1000.0;
    }
}
