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

    static Execution ran(String deviceId, String ownerId, String region, double seconds) {
        return new Execution(deviceId, ownerId, region, 34.0, seconds);
    }
}
