package io.nhp.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheus.PrometheusConfig;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The benchmark reads a service's own timers from what the services' registry really exposes on /q/metrics. */
class ServiceHistogramsTest {

    @Test
    void shouldTellTheQuantilesOfWhatWasRecordedBetweenTwoReadings() {
        // given a service's timer with a percentile histogram, as job-broker registers its own
        var registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        Timer commit = Timer.builder("nhp.jobs.commit").publishPercentileHistogram().register(registry);
        Timer.builder("nhp.jobs.commit.other").publishPercentileHistogram().register(registry).record(Duration.ofSeconds(9));
        commit.record(Duration.ofSeconds(5)); // before the step: not part of it
        List<String> names = List.of("nhp_jobs_commit");
        var before = ServiceHistograms.parse(registry.scrape(), names);

        // when a step records 98 quick commits and 2 slow ones
        for (int i = 0; i < 98; i++) {
            commit.record(Duration.ofMillis(3));
        }
        commit.record(Duration.ofMillis(400));
        commit.record(Duration.ofMillis(400));
        var step = ServiceHistograms.parse(registry.scrape(), names).since(before);

        // then the step counts 100, its median is the bucket of 3 ms and its p99 that of 400 ms (upper bounds)
        assertThat(step.count("nhp_jobs_commit")).isEqualTo(100);
        assertThat(step.millis("nhp_jobs_commit", 0.50)).isBetween(3.0, 4.0);
        assertThat(step.millis("nhp_jobs_commit", 0.99)).isBetween(400.0, 600.0);
        assertThat(step.describe(names)).startsWith("nhp_jobs_commit p50 ≤ ");
        // and a histogram nothing was recorded in says so
        assertThat(step.millis("nhp_jobs_absent", 0.99)).isNaN();
    }

    @Test
    void shouldCountTheGcPausesOfEveryCollectorBetweenTwoReadings() {
        // given a service's GC pause timer, as Micrometer's JVM binder registers it (a tag set per collector and cause)
        var registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        Timer young = Timer.builder("jvm.gc.pause").tags("action", "end of minor GC", "cause", "G1 Evacuation Pause",
                "gc", "G1 Young Generation").register(registry);
        Timer full = Timer.builder("jvm.gc.pause").tags("action", "end of major GC", "cause", "G1 Compaction Pause",
                "gc", "G1 Old Generation").register(registry);
        young.record(Duration.ofMillis(500)); // before the step
        var before = ServiceHistograms.parse(registry.scrape(), List.of());

        // when the step has three young pauses and a full one
        for (int i = 0; i < 3; i++) {
            young.record(Duration.ofMillis(20));
        }
        full.record(Duration.ofMillis(140));
        var step = ServiceHistograms.parse(registry.scrape(), List.of()).since(before);

        // then it counts those four and their 200 ms
        assertThat(step.gcPauses()).isEqualTo(4);
        assertThat(step.gcSeconds()).isCloseTo(0.2, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(step.describeGc()).isEqualTo("4 GC pauses, 200 ms in all");
    }
}
