package io.nhp.registry.ingest;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.nhp.contracts.Topics;
import io.nhp.contracts.events.HeartbeatEvent;
import io.nhp.contracts.events.Required;
import io.nhp.registry.config.RegistryConfig;
import io.nhp.service.Problem;
import io.nhp.service.ProblemException;
import io.nhp.service.kafka.EventPublisher;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The ingest path shared by the single and the batch endpoint, once the caller knows which device posts: rate
 * limit, time window, then Kafka (acks=all), answering with the next server-paced interval.
 */
@ApplicationScoped
public class HeartbeatIngest {

    /** What becomes of a heartbeat handed to Kafka: the next interval, or why Kafka did not take it. */
    public interface Outcome {
        void accepted(int nextIntervalSeconds);

        void failed(Throwable error);
    }

    private final EventPublisher publisher;
    private final RateLimiter rateLimiter;
    private final RegistryConfig.HeartbeatConfig config;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Timer latency;
    private final Counter accepted;

    HeartbeatIngest(EventPublisher publisher, RateLimiter rateLimiter, RegistryConfig config, MeterRegistry meters) {
        this.publisher = publisher;
        this.rateLimiter = rateLimiter;
        this.config = config.heartbeat();
        this.latency = Timer.builder("nhp.heartbeats.ingest")
                .description("From a heartbeat's arrival to Kafka's acknowledgement")
                .publishPercentileHistogram()
                .register(meters);
        this.accepted = Counter.builder("nhp.heartbeats.accepted").description("Heartbeats in Kafka").register(meters);
        Gauge.builder("nhp.heartbeats.in.flight", inFlight, AtomicInteger::get)
                .description("Heartbeats sent to Kafka and not yet acknowledged").register(meters);
    }

    /** Checks and publishes one heartbeat; fails with a {@link ProblemException} when it is refused. */
    public Uni<Integer> ingest(String deviceId, String partner, HeartbeatRequest request) {
        HeartbeatEvent event = check(deviceId, partner, request);
        Context caller = Vertx.currentContext();
        return Uni.createFrom().emitter(emitter -> send(event, new Outcome() {
            @Override
            public void accepted(int nextIntervalSeconds) {
                onContext(caller, () -> emitter.complete(nextIntervalSeconds));
            }

            @Override
            public void failed(Throwable error) {
                onContext(caller, () -> emitter.fail(error));
            }
        }));
    }

    /**
     * Checks one heartbeat and hands it to Kafka; {@code outcome} hears on Kafka's I/O thread once the brokers
     * have it (or not). Throws a {@link ProblemException} when it is refused before that: nothing is sent.
     */
    public void ingest(String deviceId, String partner, HeartbeatRequest request, Outcome outcome) {
        send(check(deviceId, partner, request), outcome);
    }

    private HeartbeatEvent check(String deviceId, String partner, HeartbeatRequest request) {
        Instant receivedAt = Instant.now();
        if (inFlight.get() >= config.maxInFlight()) {
            throw ProblemException.unavailable("Kafka is behind; try again in a second", Duration.ofSeconds(1));
        }
        rateLimiter.acquire(deviceId, receivedAt.toEpochMilli());
        Instant at = request.at() == null ? receivedAt : request.at();
        if (at.isAfter(receivedAt.plus(config.maxClockAhead())) || at.isBefore(receivedAt.minus(config.maxAge()))) {
            throw ProblemException.invalid(List.of(new Problem.FieldError("at",
                    "must be within " + config.maxAge().toMinutes() + " minutes before and "
                            + config.maxClockAhead().toMinutes() + " minutes after the server's time (" + receivedAt + ")")));
        }
        return new HeartbeatEvent(Required.newEventId(), at, receivedAt, deviceId, partner, request.charging(),
                request.batteryPct(), request.batteryTempC(), request.network(), request.screenOff(),
                request.cpuLoadPct(), request.thermalStatus());
    }

    private void send(HeartbeatEvent event, Outcome outcome) {
        long started = System.nanoTime();
        AtomicBoolean answered = new AtomicBoolean(); // Kafka may call back before send() returns, then throw
        inFlight.incrementAndGet();
        try {
            publisher.send(Topics.DEVICES_HEARTBEATS, event.deviceId(), event, (metadata, error) -> {
                if (!answered.compareAndSet(false, true)) {
                    return;
                }
                inFlight.decrementAndGet();
                if (error != null) {
                    outcome.failed(error);
                    return;
                }
                latency.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
                accepted.increment();
                outcome.accepted(nextInterval());
            });
        } catch (RuntimeException e) { // refused before it was queued (the producer closing, a record it cannot write)
            if (answered.compareAndSet(false, true)) {
                inFlight.decrementAndGet();
                outcome.failed(e);
            }
        }
    }

    /**
     * Continues on the request's event loop, not on Kafka's single I/O thread: writing answers there would hold
     * up every other send.
     */
    public static void onContext(Context context, Runnable action) {
        if (context == null) {
            action.run();
        } else {
            context.runOnContext(ignored -> action.run());
        }
    }

    /** The interval with jitter, so that a fleet switched on together does not beat in step. */
    int nextInterval() {
        double spread = config.intervalSeconds() * config.jitter();
        return (int) Math.round(config.intervalSeconds() + ThreadLocalRandom.current().nextDouble(-spread, spread + 1e-9));
    }
}
