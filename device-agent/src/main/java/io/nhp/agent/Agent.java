package io.nhp.agent;

import io.nhp.agent.compute.Compute;
import io.nhp.agent.compute.EmbeddingCompute;
import io.nhp.agent.compute.Output;
import io.nhp.agent.compute.Work;
import io.nhp.agent.protocol.CallFailed;
import io.nhp.agent.protocol.Conditions;
import io.nhp.agent.protocol.Exchanged;
import io.nhp.agent.protocol.Lease;
import io.nhp.agent.protocol.LeaseResult;
import io.nhp.agent.protocol.PlatformClient;
import io.nhp.agent.protocol.Registration;
import io.nhp.agent.protocol.Result;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * One device's life on its own thread: register with its partner's enrollment token, then loop: heartbeat when the
 * interval device-registry asked for is over, then one exchange with job-broker (never waiting past the next
 * heartbeat) that hands in the results of the last round and asks for {@code want} new leases, then compute the leases
 * it was given (the broker may give fewer than asked: it caps them at the device's lease limit). A result is handed in
 * only while its lease lasts. 429 and 503 (and no answer) are waited out, after Retry-After when given, else 1, 2, 4…
 * up to 30 s, and the results are kept for the next try while their leases outlive the pause. A result the broker
 * refuses (its outcome's status, or a refusal of the whole exchange that carried it) is counted and the agent goes on;
 * any other refusal of a registration, heartbeat or exchange (401 revoked, 404…) stops the agent. {@link #stop()}
 * interrupts a wait or a long poll, then the results not yet answered are handed in (want 0, wait 0) before the thread
 * ends.
 */
public final class Agent {

    /**
     * How the agent is set up: its name (for logs and its thread), the partner's enrollment and its reports, the
     * longest wait of a long poll, and how many leases it asks for per exchange (it computes them in turn).
     */
    public record Settings(String name, Supplier<String> enrollmentToken, String agentVersion, String timeZone,
                           Supplier<Conditions> conditions, int maxWaitSeconds, int want) {

        public Settings {
            if (want < 1 || want > MAX_WANT) {
                throw new IllegalArgumentException("want must be 1.." + MAX_WANT + ": " + want);
            }
        }
    }

    /** What the agent did so far. */
    public record Stats(long heartbeats, long leases, long succeeded, long failed, long expired, long refused,
                        long backoffs) {
    }

    /** The most leases (and so results) one exchange carries, as job-broker takes them. */
    public static final int MAX_WANT = 64;
    static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
    /** How long a stopping agent keeps trying to hand its results in when the broker is busy. */
    static final Duration STOP_GRACE = Duration.ofSeconds(10);
    /** What the agent asks job-broker for: only work it can compute, so other work waits for phones that can. */
    static final List<String> COMPUTABLE_TASK_TYPES = List.of(EmbeddingCompute.TASK_TYPE);
    private static final System.Logger LOG = System.getLogger(Agent.class.getName());

    /** A result computed and not yet answered by the broker, with the lease it answers. */
    private record Pending(Lease lease, Result result) {

        LeaseResult handedIn() {
            return new LeaseResult(lease.leaseId(), result);
        }
    }

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
    /** The agent thread's own: results handed in with the next exchange. */
    private final List<Pending> pending = new ArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile Registration registration;
    private volatile RuntimeException failure;
    private int busyStreak;
    /** An exchange was sent and not answered (stop() ended it): the broker may still hold it as a long poll. */
    private boolean unanswered;

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

    /** Asks the agent to stop: a wait or long poll is interrupted; the results not yet answered are handed in. */
    public void stop() {
        running = false;
        thread.interrupt(); // PlatformClient.handIn is not interruptible: the last hand-in is finished
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
                    exchange(wait);
                } catch (CallFailed e) {
                    backOffOrFail(e);
                }
            }
        } catch (InterruptedException e) {
            // stop() during a wait or a long poll: the results not yet answered are handed in below
        } catch (RuntimeException e) {
            failure = e;
            LOG.log(System.Logger.Level.ERROR, settings.name() + " stopped: " + e.getMessage());
        }
        handInBeforeStopping();
    }

    /**
     * One round trip: the results of the last round handed in, {@code want} leases asked for (waiting up to
     * {@code wait} seconds), then the leases given computed. An exchange refused whole (not busy) refuses the results
     * it carried, and the agent goes on: the next exchange, carrying none, says whether the device may go on at all.
     */
    private void exchange(int wait) throws InterruptedException {
        List<Pending> handedIn = stillLeased(clock.instant());
        Exchanged answer;
        unanswered = true;
        try {
            answer = platform.exchange(registration.token(), leaseResults(handedIn), settings.want(), wait,
                    COMPUTABLE_TASK_TYPES);
            unanswered = false;
        } catch (CallFailed e) {
            unanswered = false;
            if (e.busy() || handedIn.isEmpty()) {
                throw e;
            }
            refuseAll(e);
            return;
        }
        busyStreak = 0;
        settle(handedIn, answer);
        work(answer.leases());
    }

    /** Waits out a busy answer (Retry-After, else growing pauses); any other refusal ends the agent. */
    private void backOffOrFail(CallFailed e) throws InterruptedException {
        if (!e.busy()) {
            throw e;
        }
        backoffs.incrementAndGet();
        Duration pause = pause(e);
        LOG.log(System.Logger.Level.DEBUG, "{0}: {1}; again in {2}", settings.name(), e.getMessage(), pause);
        stillLeased(clock.instant().plus(pause)); // a result is retried only if its lease outlives the pause
        TimeUnit.MILLISECONDS.sleep(pause.toMillis());
    }

    private Duration pause(CallFailed e) {
        Duration growing = Duration.ofSeconds(1L << Math.min(5, busyStreak++));
        Duration pause = e.retryAfter().orElse(growing);
        return pause.compareTo(MAX_BACKOFF) > 0 && e.retryAfter().isEmpty() ? MAX_BACKOFF : pause;
    }

    /**
     * Computes the leases in turn, each result kept for the next exchange; a stopping agent computes those it was
     * given too (a lease left unanswered holds its job until it expires).
     */
    private void work(List<Lease> given) {
        for (Lease lease : given) {
            leases.incrementAndGet();
            Output output = compute.run(new Work(lease.taskType(), lease.input(), lease.model()));
            Result result = output.succeeded()
                    ? new Result(Result.Status.SUCCEEDED, output.outputHash(), output.seconds(), output.output())
                    : Result.failed(output.seconds());
            if (!output.succeeded()) {
                LOG.log(System.Logger.Level.DEBUG, "{0}: lease {1} fails: {2}", settings.name(), lease.leaseId(),
                        output.reason());
            }
            pending.add(new Pending(lease, result));
        }
    }

    /**
     * The results whose leases last past {@code until}: a result is never handed in at or after its lease's end.
     * The others are dropped, counted expired.
     */
    private List<Pending> stillLeased(Instant until) {
        for (Iterator<Pending> it = pending.iterator(); it.hasNext(); ) {
            Lease lease = it.next().lease();
            if (!until.isBefore(lease.leaseExpiresAt())) {
                it.remove();
                expired.incrementAndGet();
                LOG.log(System.Logger.Level.WARNING, "{0}: lease {1} ends at {2}; result not handed in",
                        settings.name(), lease.leaseId(), lease.leaseExpiresAt());
            }
        }
        return List.copyOf(pending);
    }

    private static List<LeaseResult> leaseResults(List<Pending> results) {
        return results.stream().map(Pending::handedIn).toList();
    }

    /** Counts each result handed in by its outcome (recorded: succeeded or failed; else refused); done with them. */
    private void settle(List<Pending> handedIn, Exchanged answer) {
        for (int i = 0; i < handedIn.size(); i++) {
            Pending result = handedIn.get(i);
            Exchanged.Outcome outcome = answer.results().get(i);
            if (outcome.recorded()) {
                (result.result().status() == Result.Status.SUCCEEDED ? succeeded : failed).incrementAndGet();
            } else {
                refused.incrementAndGet();
                LOG.log(System.Logger.Level.WARNING, "{0}: result of lease {1} refused: {2} {3}", settings.name(),
                        result.lease().leaseId(), outcome.status(), outcome.detail());
            }
        }
        pending.removeAll(handedIn);
    }

    /** The whole exchange was refused (not busy): each result it carried is, as its own post would have been. */
    private void refuseAll(CallFailed e) {
        for (Pending result : pending) {
            refused.incrementAndGet();
            LOG.log(System.Logger.Level.WARNING, "{0}: result of lease {1} refused: {2}", settings.name(),
                    result.lease().leaseId(), e.getMessage());
        }
        pending.clear();
    }

    /**
     * The last exchange: the results not yet answered handed in (want 0, wait 0), not interruptible; a busy broker is
     * retried while the leases outlive the pause, for at most {@link #STOP_GRACE}. Sent without results too when
     * stop() ended an exchange: the broker answers the device's newest exchange, so the abandoned long poll is
     * answered with no lease instead of being handed one nobody would compute until it expired.
     */
    private void handInBeforeStopping() {
        Instant giveUp = clock.instant().plus(STOP_GRACE);
        Instant until = clock.instant();
        boolean supersede = unanswered;
        while (registration != null) {
            List<Pending> handedIn = stillLeased(until);
            if (handedIn.isEmpty() && !supersede) {
                return;
            }
            supersede = false;
            try {
                settle(handedIn, platform.handIn(registration.token(), leaseResults(handedIn)));
                return;
            } catch (CallFailed e) {
                if (!e.busy()) {
                    refuseAll(e);
                    return;
                }
                backoffs.incrementAndGet();
                Duration pause = pause(e);
                until = clock.instant().plus(pause);
                if (until.isAfter(giveUp)) {
                    until = Instant.MAX; // stopping: what the broker has not answered is left to expire
                    continue;
                }
                try {
                    TimeUnit.MILLISECONDS.sleep(pause.toMillis());
                } catch (InterruptedException again) {
                    until = Instant.MAX;
                }
            }
        }
    }
}
