package io.nhp.jobs.domain;

import java.time.Instant;

/** One lease of a job to one device, and how it ended. */
public final class Attempt {

    /**
     * How an attempt ended; {@code null} while the lease runs. {@code WITHDRAWN}: the job was served by the cloud
     * while the lease ran, so a result after that is too late (not the device's failure).
     */
    public enum Outcome { SUCCEEDED, FAILED, EXPIRED, WITHDRAWN }

    private final String leaseId;
    private final EligibleDevice device;
    private final Instant leasedAt;
    private final Instant expiresAt;
    private Outcome outcome;
    private String outputHash;
    /** The output itself (an embedding: little-endian float32), kept only until the job is validated. */
    private byte[] output;
    /** What the device said it computed: kept for audit, never paid. */
    private Double claimedSeconds;
    /** When job-broker received the result. */
    private Instant resultAt;
    /** What the result is paid if it counts: measured by the broker, see {@link JobBook#paidSeconds}. */
    private Double paidSeconds;
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

    /** The output the device posted, while the job still needs it for agreement; null otherwise. */
    public byte[] output() {
        return output;
    }

    public Double claimedSeconds() {
        return claimedSeconds;
    }

    public Instant resultAt() {
        return resultAt;
    }

    /** Seconds the result is paid, if it counts (validated): measured, never the device's claim. */
    public Double paidSeconds() {
        return paidSeconds;
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

    void end(Outcome outcome, String outputHash, byte[] output, Double claimedSeconds, Instant resultAt,
             Double paidSeconds) {
        this.outcome = outcome;
        this.outputHash = outputHash;
        this.output = output;
        this.claimedSeconds = claimedSeconds;
        this.resultAt = resultAt;
        this.paidSeconds = paidSeconds;
    }

    void lateResult(String outputHash, Double claimedSeconds, Instant resultAt) {
        this.late = true;
        this.outputHash = outputHash;
        this.claimedSeconds = claimedSeconds;
        this.resultAt = resultAt;
    }

    void validated(boolean valid) {
        this.valid = valid;
    }

    void forgetOutput() {
        this.output = null;
    }
}
