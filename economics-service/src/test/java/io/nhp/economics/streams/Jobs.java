package io.nhp.economics.streams;

import io.nhp.contracts.events.JobCompletedEvent;
import io.nhp.contracts.events.JobCompletedEvent.Execution;
import java.time.Instant;
import java.util.List;

/** Job completions as job-broker publishes them. */
final class Jobs {

    private Jobs() {
    }

    static JobCompletedEvent completed(String jobId, String partner, double gpuSeconds, Instant at,
                                       Execution... executions) {
        return new JobCompletedEvent("done-" + jobId + "-" + at.toEpochMilli(), at, jobId, partner, "training_small",
                gpuSeconds, "hash-" + jobId, true, at.minusSeconds(60), List.of(executions), List.of());
    }

    /** The partner's cloud fallback served it: no execution counts, {@code dissenting} devices answered wrong. */
    static JobCompletedEvent servedByCloud(String jobId, String partner, double gpuSeconds, Instant at,
                                           String... dissenting) {
        return new JobCompletedEvent("done-" + jobId + "-" + at.toEpochMilli(), at, jobId, partner, "training_small",
                gpuSeconds, "hash-" + jobId, true, at.minusSeconds(60), List.of(), List.of(dissenting),
                JobCompletedEvent.CLOUD, false, false);
    }

    /** A platform canary the phones answered right, but for the {@code dissenting} devices. */
    static JobCompletedEvent canary(String jobId, String partner, double gpuSeconds, Instant at, List<String> dissenting,
                                    Execution... executions) {
        return new JobCompletedEvent("done-" + jobId + "-" + at.toEpochMilli(), at, jobId, partner, "training_small",
                gpuSeconds, "hash-" + jobId, true, at.minusSeconds(60), List.of(executions), dissenting,
                JobCompletedEvent.PHONES, true, false);
    }

    static Execution ran(String deviceId, String ownerId, String region, double seconds) {
        return new Execution(deviceId, ownerId, region, 34.0, seconds);
    }
}
