package io.nhp.agent.protocol;

import java.util.Objects;

/** A result handed in with an exchange: the lease it answers and what the device reports. */
public record LeaseResult(String leaseId, Result result) {

    public LeaseResult {
        Objects.requireNonNull(leaseId, "leaseId");
        Objects.requireNonNull(result, "result");
    }
}
