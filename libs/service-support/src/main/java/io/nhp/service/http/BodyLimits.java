package io.nhp.service.http;

import io.nhp.service.ProblemException;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.container.ContainerRequestContext;
import java.io.ByteArrayInputStream;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Refuses a request body over its path's limit ({@link BodyLimitsConfig}) with a 413 problem: a declared
 * Content-Length before anything is read, a chunked body as soon as the bytes read pass the limit (it is held in
 * memory up to the limit, then handed to the resource). The connection is closed after a refusal, since the rest
 * of the body is never read.
 */
public class BodyLimits {

    /** What is read away after a refusal before the connection closes anyway. */
    static final long DRAIN_BYTES = 8L << 20;
    static final long DRAIN_MILLIS = 5_000;

    private final BodyLimitsConfig config;

    BodyLimits(BodyLimitsConfig config) {
        this.config = config;
    }

    /** The limit of a request path, in bytes. */
    public long limitOf(String path) {
        var limit = config.paths().get(path);
        return (limit != null ? limit : config.fallback()).asLongValue();
    }

    @ServerRequestFilter(preMatching = true)
    public Uni<Void> bodySize(ContainerRequestContext request, RoutingContext routing) {
        HttpServerRequest http = routing.request();
        String path = request.getUriInfo().getPath();
        long limit = limitOf(path);
        String declared = http.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (declared != null) {
            return declaredLength(declared) > limit
                    ? Uni.createFrom().failure(refusal(routing, path, limit)) : Uni.createFrom().voidItem();
        }
        if (http.isEnded()) {
            return Uni.createFrom().voidItem();
        }
        return Uni.createFrom().emitter(emitter -> {
            BoundedBody body = new BoundedBody(limit);
            http.handler(chunk -> {
                if (!body.add(chunk)) {
                    http.pause();
                    http.handler(null);
                    http.endHandler(null);
                    emitter.fail(refusal(routing, path, limit));
                }
            });
            http.endHandler(end -> {
                if (!body.refused()) {
                    request.setEntityStream(new ByteArrayInputStream(body.bytes()));
                    emitter.complete(null);
                }
            });
            http.exceptionHandler(emitter::fail);
            if ("100-continue".equalsIgnoreCase(http.getHeader(HttpHeaders.EXPECT))) {
                http.response().writeContinue();
            }
            http.resume();
        });
    }

    private static void drainThenClose(RoutingContext routing) {
        HttpServerRequest http = routing.request();
        if (http.isEnded()) {
            http.connection().close();
            return;
        }
        long timer = routing.vertx().setTimer(DRAIN_MILLIS, t -> http.connection().close());
        long[] drained = {0};
        http.handler(chunk -> {
            drained[0] += chunk.length();
            if (drained[0] > DRAIN_BYTES) {
                http.connection().close();
            }
        });
        http.endHandler(end -> {
            routing.vertx().cancelTimer(timer);
            http.connection().close();
        });
        http.exceptionHandler(e -> http.connection().close());
        http.resume();
    }

    private static long declaredLength(String header) {
        try {
            return Long.parseLong(header.trim());
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }

    /**
     * The 413 problem. Over HTTP/1 the connection is closed once it is answered and the rest of the body is read away
     * (at most {@link #DRAIN_BYTES}, for at most {@link #DRAIN_MILLIS}): closing a socket with unread bytes makes the
     * kernel reset it, and a client still sending its body can lose the answer with it.
     */
    private static ProblemException refusal(RoutingContext routing, String path, long limit) {
        if (routing.request().version() != HttpVersion.HTTP_2) {
            routing.response().putHeader(HttpHeaders.CONNECTION, "close");
            routing.addEndHandler(ended -> drainThenClose(routing));
        }
        return ProblemException.tooLarge((int) Math.min(limit, Integer.MAX_VALUE),
                "that is the most " + path + " takes, sent chunked or with a Content-Length");
    }

    /** The bytes of a body read so far, never more than the limit. */
    static final class BoundedBody {

        private final long limit;
        private final Buffer bytes = Buffer.buffer();
        private boolean refused;

        BoundedBody(long limit) {
            this.limit = limit;
        }

        /** Adds a chunk; false, and nothing kept, once the body would pass the limit. */
        boolean add(Buffer chunk) {
            if (refused || bytes.length() + (long) chunk.length() > limit) {
                refused = true;
                return false;
            }
            bytes.appendBuffer(chunk);
            return true;
        }

        boolean refused() {
            return refused;
        }

        byte[] bytes() {
            return bytes.getBytes();
        }
    }
}
