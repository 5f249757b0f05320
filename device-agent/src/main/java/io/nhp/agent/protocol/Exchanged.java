package io.nhp.agent.protocol;

import java.util.List;

/**
 * What job-broker answered an exchange: each result's {@link Outcome}, in the order handed in, and the new leases
 * (none, or up to the {@code want} asked for: the broker gives at most the device's lease limit).
 */
public record Exchanged(List<Outcome> results, List<Lease> leases) {

    public Exchanged {
        results = List.copyOf(results);
        leases = List.copyOf(leases);
    }

    /**
     * One result's outcome: {@code status} is what its own result post would have answered (200 recorded; 400, 403,
     * 404 or 409 refused, with a {@code detail}); {@code jobState} once recorded.
     */
    public record Outcome(String leaseId, int status, String jobId, String jobState, String detail) {

        /** Whether the broker recorded the result (a repeat of a recorded one is recorded once). */
        public boolean recorded() {
            return status == 200;
        }
    }
}
