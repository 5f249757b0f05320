package io.nhp.jobs.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.nhp.jobs.domain.Lease;
import java.util.List;

/** What an exchange answers: each result's outcome, in the order handed in, and the new leases (maybe none). */
public record ExchangeResponse(List<Outcome> results, List<Lease> leases) {

    /**
     * A result's outcome: {@code status} is what a result post would have answered (200 recorded, 400, 403, 404,
     * 409); {@code jobState} once recorded, {@code detail} why not.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Outcome(String leaseId, int status, String jobId, String jobState, String detail) {
    }
}
