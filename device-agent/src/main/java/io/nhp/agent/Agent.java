package io.nhp.agent;

import io.nhp.agent.compute.Compute;
import io.nhp.agent.compute.EmbeddingCompute;
import io.nhp.agent.compute.Output;
import io.nhp.agent.compute.Work;
import io.nhp.agent.protocol.CallFailed;
import io.nhp.agent.protocol.Conditions;
import io.nhp.agent.protocol.Lease;
import io.nhp.agent.protocol.PlatformClient;
import io.nhp.agent.protocol.Registration;
import io.nhp.agent.protocol.Result;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * One device's life on its own thread: register with its partner's enrollment token, then loop: heartbeat when the
 * interval device-registry asked for is over, long-poll job-broker (never past the next heartbeat), compute a lease
 * and post its result while the lease lasts. 429 and 503 (and no answer) are waited out, after Retry-After when
 * given, else 1, 2, 4… up to 30 s. Any other refusal of a registration, heartbeat or poll (401 revoked, 404…) stops
 * the agent; a refused result is counted and the agent goes on. {@link #stop()} interrupts a wait or a poll, lets a
 * post under way finish, and ends the thread.
 */
public final class Agent {

    /** How the agent is set up: its name (for logs and its thread), the partner's enrollment and its reports. */
    public record Settings(String name, Supplier<String> enrollmentToken, String agentVersion, String timeZone,
                           Supplier<Conditions> conditions, int maxWaitSeconds) {
    }

    /** What the agent did so far. */
    public record Stats(long heartbeats, long leases, long succeeded, long failed, long expired, long refused,
                        long backoffs) {
    }

    static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
    /** What the agent asks job-broker for: only work it can compute, so other work waits for phones that can. */
    static final List<String> COMPUTABLE_TASK_TYPES = List.of(EmbeddingCompute.TASK_TYPE);
    private static final System.Logger LOG = System.getLogger(Agent.class.getName());

    private final Settings settings;
    private final PlatformClient platform;
    private final Compute compute;
    private final Clock clock;
    private final AtomicLong heartbeats = new AtomicLong();
    private final AtomicLong leases = new AtomicLong();
    private final AtomicLong succeeded = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong expired = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong backoffs = new AtomicLong();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile Registration registration;
    private volatile RuntimeException failure;
    private int busyStreak;

    public Agent(Settings settings, PlatformClient platform, Compute compute, Clock clock) {
        this.settings = settings;
        this.platform = platform;
        this.compute = compute;
        this.clock = clock;
        this.thread = new Thread(this::run, settings.name());
    }

    /** Starts the agent's thread; returns this. */
    public Agent start() {
        thread.start();
        return this;
    }

    /** Asks the agent to stop: a wait or poll is interrupted, a result post under way is finished first. */
    public void stop() {
        running = false;
        thread.interrupt(); // PlatformClient.result is not interruptible: a post under way is finished
    }

    /** Waits up to {@code timeout} for the agent's thread to end; whether it did. */
    public boolean awaitStopped(Duration timeout) throws InterruptedException {
        thread.join(Math.max(1, timeout.toMillis()));
        return !thread.isAlive();
    }

    public boolean isRunning() {
        return thread.isAlive();
    }

    /** The device's id once registered. */
    public Optional<String> deviceId() {
        return Optional.ofNullable(registration).map(Registration::deviceId);
    }

    /** What stopped the agent, if a refusal did. */
    public Optional<RuntimeException> failure() {
        return Optional.ofNullable(failure);
    }

    public Stats stats() {
        return new Stats(heartbeats.get(), leases.get(), succeeded.get(), failed.get(), expired.get(), refused.get(),
                backoffs.get());
    }

    private void run() {
        try {
            while (running && registration == null) {
                try {
                    registration = platform.register(settings.enrollmentToken().get(), settings.agentVersion(),
                            settings.timeZone());
                    LOG.log(System.Logger.Level.INFO, "{0} registered as {1}", settings.name(), registration.deviceId());
                    busyStreak = 0;
                } catch (CallFailed e) {
                    backOffOrFail(e);
                }
            }
            Instant nextBeat = clock.instant();
            while (running) {
                try {
                    if (!clock.instant().isBefore(nextBeat)) {
                        int seconds = platform.heartbeat(registration.deviceId(), registration.token(),
                                settings.conditions().get());
                        heartbeats.incrementAndGet();
                        nextBeat = clock.instant().plusSeconds(Math.max(1, seconds));
                    }
                    // never 0 (a hot loop), at most a second past the next heartbeat
                    long untilBeat = (Duration.between(clock.instant(), nextBeat).toMillis() + 999) / 1000;
                    int wait = (int) Math.max(1, Math.min(settings.maxWaitSeconds(), untilBeat));
                    Optional<Lease> lease = platform.next(registration.deviceId(), registration.token(), wait,
                            COMPUTABLE_TASK_TYPES);
                    busyStreak = 0;
                    if (lease.isPresent()) {
                        work(lease.get());
                    }
                } catch (CallFailed e) {
                    backOffOrFail(e);
                }
            }
        } catch (InterruptedException e) {
            // stop() during a wait or a poll: nothing is half done
        } catch (RuntimeException e) {
            failure = e;
            LOG.log(System.Logger.Level.ERROR, settings.name() + " stopped: " + e.getMessage());
        }
    }

    /** Waits out a busy answer (Retry-After, else growing pauses); any other refusal ends the agent. */
    private void backOffOrFail(CallFailed e) throws InterruptedException {
        if (!e.busy()) {
            throw e;
        }
        backoffs.incrementAndGet();
        Duration pause = pause(e);
        LOG.log(System.Logger.Level.DEBUG, "{0}: {1}; again in {2}", settings.name(), e.getMessage(), pause);
        TimeUnit.MILLISECONDS.sleep(pause.toMillis());
    }

    private Duration pause(CallFailed e) {
        Duration growing = Duration.ofSeconds(1L << Math.min(5, busyStreak++));
        Duration pause = e.retryAfter().orElse(growing);
        return pause.compareTo(MAX_BACKOFF) > 0 && e.retryAfter().isEmpty() ? MAX_BACKOFF : pause;
    }

    private void work(Lease lease) throws InterruptedException {
        leases.incrementAndGet();
        Output output = compute.run(new Work(lease.taskType(), lease.input(), lease.model()));
        Result result = output.succeeded()
                ? new Result(Result.Status.SUCCEEDED, output.outputHash(), output.seconds(), output.output())
                : Result.failed(output.seconds());
        if (!output.succeeded()) {
            LOG.log(System.Logger.Level.DEBUG, "{0}: lease {1} fails: {2}", settings.name(), lease.leaseId(),
                    output.reason());
        }
        post(lease, result);
    }

    /** Posts while the lease lasts; a busy answer is retried after its pause if the lease outlives it. */
    private void post(Lease lease, Result result) throws InterruptedException {
        while (true) {
            if (!clock.instant().isBefore(lease.leaseExpiresAt())) {
                expired.incrementAndGet();
                LOG.log(System.Logger.Level.WARNING, "{0}: lease {1} expired at {2}; result not posted",
                        settings.name(), lease.leaseId(), lease.leaseExpiresAt());
                return;
            }
            try {
                platform.result(registration.token(), lease.leaseId(), result);
                (result.status() == Result.Status.SUCCEEDED ? succeeded : failed).incrementAndGet();
                busyStreak = 0;
                return;
            } catch (CallFailed e) {
                if (!e.busy()) {
                    refused.incrementAndGet();
                    LOG.log(System.Logger.Level.WARNING, "{0}: result of lease {1} refused: {2}", settings.name(),
                            lease.leaseId(), e.getMessage());
                    return;
                }
                backoffs.incrementAndGet();
                Duration pause = pause(e);
                if (!running || !clock.instant().plus(pause).isBefore(lease.leaseExpiresAt())) {
                    expired.incrementAndGet(); // stopping, or the lease ends before the pause: let it expire
                    return;
                }
                TimeUnit.MILLISECONDS.sleep(pause.toMillis());
            }
        }
    }
}
