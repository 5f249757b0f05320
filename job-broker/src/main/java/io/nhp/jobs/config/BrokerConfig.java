package io.nhp.jobs.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalInt;

/** Settings of job-broker ({@code nhp.jobs.*}). */
@ConfigMapping(prefix = "nhp.jobs")
public interface BrokerConfig {

    /** Failed or expired attempts after which a job fails (Salad's three strikes). */
    @WithDefault("3")
    int maxFailures();

    /** Leases one device may hold at once. */
    @WithDefault("1")
    int maxLeasesPerDevice();

    /** How long a job may wait for its result before it expires. */
    @WithDefault("PT1H")
    Duration jobLifetime();

    /** How long a finished job stays queryable (and a repeated result post answered) before it is forgotten. */
    @WithDefault("PT1H")
    Duration finishedRetention();

    /**
     * Finished jobs held at most, whatever their age: beyond it the oldest are forgotten first. At thousands of jobs a
     * second an hour of them would not fit in memory; this keeps the heap flat at any rate.
     */
    @WithDefault("100000")
    int maxFinishedJobs();

    /** Longest long poll a device may ask for. */
    @WithDefault("PT30S")
    Duration maxWait();

    /**
     * Long polls held open at once, over all devices (each device has at most one); beyond it a poll is refused
     * with 503 and Retry-After.
     */
    @WithDefault("10000")
    int maxLongPolls();

    /** How long after a failed rebuild of the job book from Kafka the broker tries again (it is not ready meanwhile). */
    @WithDefault("PT15S")
    Duration recoveryRetry();

    /** Longest lease (deadline) a partner may ask for. */
    @WithDefault("P7D")
    Duration maxDeadline();

    /** The default deadline: this many times what the task takes on the slowest phone that may run it. */
    @WithDefault("2.0")
    double defaultDeadlineFactor();

    /**
     * A device credential younger than this is honoured before its device's registration has reached this instance
     * (device-registry publishes the registration, then hands out the credential); older ones need the registration.
     */
    @WithDefault("PT1M")
    Duration registrationGrace();

    /**
     * Identity of this instance's transactional writers: one per running instance, stable across restarts (the
     * writers' ids are this with {@code -w0}, {@code -w1}, …).
     */
    @WithDefault("job-broker-0")
    String transactionalId();

    /**
     * Transactional producers taking turns (1–16): a transaction need not wait for the previous one's commit markers
     * (job-broker's README, "A pipelined group commit"). Changing it leaves the old writers' ids unfenced: change it
     * with every instance stopped.
     */
    @WithDefault("3")
    int writers();

    /**
     * The consumer group of job-broker's instances: the partitions of {@code nhp.jobs.state} (and so the jobs) are
     * shared out among its members, and move when one joins, leaves or dies.
     */
    @WithDefault("nhp.jobs.brokers")
    String group();

    /** How long a silent instance keeps its partitions before the group gives them to the others (failover). */
    @WithDefault("PT6S")
    Duration sessionTimeout();

    /** This instance's base URL, where the others send requests for the jobs it serves (307). */
    String self();

    /** Partners, by key, with the bearer token each submits its jobs with. */
    Map<String, Partner> partners();

    /** What a partner may have open at once. */
    Quota quota();

    /** The open jobs a partner may have: its own setting, else the default. */
    default int maxOpenJobs(String partner) {
        Partner settings = partners().get(partner);
        return settings == null ? quota().maxOpenJobs() : settings.maxOpenJobs().orElse(quota().maxOpenJobs());
    }

    /** One partner's credential and limits. */
    interface Partner {
        /** A secret, given by the environment outside dev and test. */
        String token();

        /** Unfinished jobs this partner may have at once, instead of {@code quota.max-open-jobs}. */
        OptionalInt maxOpenJobs();
    }

    /** Limits on what one partner may have open. */
    interface Quota {
        /** Unfinished (queued or leased) jobs a partner may have at once; a submission beyond it is refused (429). */
        @WithDefault("100000")
        int maxOpenJobs();

        /** How long a partner refused for its quota is asked to wait (Retry-After). */
        @WithDefault("PT30S")
        Duration retryAfter();
    }
}
