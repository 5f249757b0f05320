package io.nhp.registry.ingest;

import io.micrometer.core.instrument.Counter;
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
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * The ingest path shared by the single and the batch endpoint, once the caller knows which device posts: rate
 * limit, time window, then Kafka (acks=all), answering with the next server-paced interval.
 */
@ApplicationScoped
public class HeartbeatIngest {

    private final EventPublisher publisher;
    private final RateLimiter rateLimiter;
    private final RegistryConfig.HeartbeatConfig config;
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
    }

    /** Checks and publishes one heartbeat; a {@link ProblemException} when it is refused. */
    public Uni<Integer> ingest(String deviceId, String partner, HeartbeatRequest request) {
        long started = System.nanoTime();
        Instant receivedAt = Instant.now();
        rateLimiter.acquire(deviceId, receivedAt.toEpochMilli());
        Instant at = request.at() == null ? receivedAt : request.at();
        if (at.isAfter(receivedAt.plus(config.maxClockAhead())) || at.isBefore(receivedAt.minus(config.maxAge()))) {
            throw ProblemException.invalid(List.of(new Problem.FieldError("at",
                    "must be within " + config.maxAge().toMinutes() + " minutes before and "
                            + config.maxClockAhead().toMinutes() + " minutes after the server's time (" + receivedAt + ")")));
        }
        var event = new HeartbeatEvent(Required.newEventId(), at, receivedAt, deviceId, partner, request.charging(),
                request.batteryPct(), request.batteryTempC(), request.network(), request.screenOff(),
                request.cpuLoadPct(), request.thermalStatus());
        return publisher.publish(Topics.DEVICES_HEARTBEATS, deviceId, event)
                .invoke(() -> {
                    latency.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
                    accepted.increment();
                })
                .replaceWith(this::nextInterval);
    }

    /** The interval with jitter, so that a fleet switched on together does not beat in step. */
    int nextInterval() {
        double spread = config.intervalSeconds() * config.jitter();
        return (int) Math.round(config.intervalSeconds() + ThreadLocalRandom.current().nextDouble(-spread, spread + 1e-9));
    }
}
