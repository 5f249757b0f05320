package io.nhp.jobs.domain;

import java.time.Instant;

/** One lease of a job to one device, and how it ended. */
public final class Attempt {

    /** How an attempt ended; {@code null} while the lease runs. */
    public enum Outcome { SUCCEEDED, FAILED, EXPIRED }

    private final String leaseId;
    private final EligibleDevice device;
    private final Instant leasedAt;
    private final Instant expiresAt;
    private Outcome outcome;
    private String outputHash;
    private Double deviceSeconds;
    /** A result posted after the lease expired: recorded, not counted, not paid. */
    private boolean late;
    /** After validation: whether this result agreed with the accepted one. */
    private Boolean valid;

    Attempt(String leaseId, EligibleDevice device, Instant leasedAt, Instant expiresAt) {
        this.leaseId = leaseId;
        this.device = device;
        this.leasedAt = leasedAt;
        this.expiresAt = expiresAt;
    }

    public String leaseId() {
        return leaseId;
    }

    public EligibleDevice device() {
        return device;
    }

    public Instant leasedAt() {
        return leasedAt;
    }

    public Instant expiresAt() {
        return expiresAt;
    }

    public Outcome outcome() {
        return outcome;
    }

    public String outputHash() {
        return outputHash;
    }

    public Double deviceSeconds() {
        return deviceSeconds;
    }

    public boolean late() {
        return late;
    }

    public Boolean valid() {
        return valid;
    }

    public boolean running() {
        return outcome == null;
    }

    void end(Outcome outcome, String outputHash, Double deviceSeconds) {
        this.outcome = outcome;
        this.outputHash = outputHash;
        this.deviceSeconds = deviceSeconds;
    }

    void lateResult(String outputHash, Double deviceSeconds) {
        this.late = true;
        this.outputHash = outputHash;
        this.deviceSeconds = deviceSeconds;
    }

    void validated(boolean valid) {
        this.valid = valid;
    }
}
