package io.nhp.report.api;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.nhp.report.config.ReportConfig;
import io.nhp.service.ProblemException;
import io.nhp.service.security.Viewer;
import io.smallrye.mutiny.Multi;
import io.vertx.core.http.HttpServerRequest;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Caps the Server-Sent Event streams held open: each is a connection and a subscriber for as long as the client
 * wants, so one client must not hold them all. A client is its credential (a partner, ops, an owner) or, without
 * one, its address; over its own cap it gets a 429, over the service's total a 503 (both problem+json with
 * {@code Retry-After}), and a slot is given back when its stream ends for any reason (the client left, an error).
 */
@Singleton
public class StreamSlots {

    /** How long a refused client should wait before it tries again. */
    static final Duration RETRY_AFTER = Duration.ofSeconds(30);

    private final int perClient;
    private final int total;
    private final AtomicInteger open = new AtomicInteger();
    private final ConcurrentMap<String, Integer> byClient = new ConcurrentHashMap<>();
    private final Counter refusedPerClient;
    private final Counter refusedTotal;

    StreamSlots(ReportConfig config, MeterRegistry registry) {
        this.perClient = config.streams().maxPerClient();
        this.total = config.streams().maxTotal();
        Gauge.builder("nhp.report.streams.open", open, AtomicInteger::get)
                .description("Server-Sent Event streams open now").register(registry);
        refusedPerClient = refused(registry, "client_cap");
        refusedTotal = refused(registry, "total_cap");
    }

    /** The client a stream counts against: the credential's subject, else the address it connects from. */
    static String client(Viewer viewer, HttpServerRequest request) {
        if (viewer.admin()) {
            return "admin";
        }
        if (viewer.partner() != null) {
            return "partner:" + viewer.partner();
        }
        if (viewer.ownerId() != null) {
            return "owner:" + viewer.ownerPartner() + ":" + viewer.ownerId();
        }
        return "address:" + (request.remoteAddress() == null ? "unknown" : request.remoteAddress().hostAddress());
    }

    /** The stream, holding one of the client's slots until it ends; a 429 or 503 problem when none is free. */
    public <T> Multi<T> open(String client, Supplier<Multi<T>> stream) {
        if (byClient.merge(client, 1, Integer::sum) > perClient) {
            release(client, false);
            refusedPerClient.increment();
            throw ProblemException.tooManyRequests("at most " + perClient + " live streams may be open per client; "
                    + "close one first", RETRY_AFTER);
        }
        if (open.incrementAndGet() > total) {
            release(client, true);
            refusedTotal.increment();
            throw ProblemException.unavailable("the service holds as many live streams as it can (" + total + "); "
                    + "try again later").withHeader("Retry-After", Long.toString(RETRY_AFTER.toSeconds()));
        }
        return stream.get().onTermination().invoke(() -> release(client, true));
    }

    private void release(String client, boolean counted) {
        if (counted) {
            open.decrementAndGet();
        }
        byClient.computeIfPresent(client, (c, n) -> n == 1 ? null : n - 1);
    }

    private static Counter refused(MeterRegistry registry, String reason) {
        return Counter.builder("nhp.report.streams.refused")
                .description("Server-Sent Event streams refused because a cap was reached")
                .tag("reason", reason).register(registry);
    }
}
