package io.nhp.bench;

import io.vertx.core.AbstractVerticle;
import io.vertx.core.Context;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.PoolOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The load generators' HTTP side: a few Vert.x event loops, each with a context of its own and an HTTP/1.1 client
 * created on it, so that a request sent from a loop is answered on that loop, without a thread hop. Much cheaper per
 * request than the JDK's client, so the benchmark takes less of the box it measures.
 */
final class EventLoops implements AutoCloseable {

    private final Vertx vertx;
    private final List<Context> contexts;
    private final List<HttpClient> clients = new ArrayList<>();

    /**
     * @param connectionsPerLoop the most connections each loop's client opens (a request beyond them waits for one)
     */
    EventLoops(int loops, int connectionsPerLoop, Duration connectTimeout) throws Exception {
        vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(loops));
        // a verticle per loop, for a context of its own on each (a plain thread asking for one gets the same each time)
        List<Context> deployed = Collections.synchronizedList(new ArrayList<>());
        vertx.deployVerticle(() -> new AbstractVerticle() {
            @Override
            public void start() {
                deployed.add(context);
            }
        }, new DeploymentOptions().setInstances(loops)).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        contexts = List.copyOf(deployed);
        for (Context context : contexts) {
            CompletableFuture<HttpClient> created = new CompletableFuture<>();
            context.runOnContext(v -> created.complete(vertx.createHttpClient(new HttpClientOptions()
                    .setProtocolVersion(HttpVersion.HTTP_1_1).setKeepAlive(true).setPipelining(false).setTcpNoDelay(true)
                    .setConnectTimeout((int) connectTimeout.toMillis()), new PoolOptions()
                    .setHttp1MaxSize(connectionsPerLoop).setMaxWaitQueueSize(-1))));
            clients.add(created.get(10, TimeUnit.SECONDS));
        }
    }

    int size() {
        return contexts.size();
    }

    Vertx vertx() {
        return vertx;
    }

    Context context(int loop) {
        return contexts.get(loop);
    }

    /** Loop {@code loop}'s client: use it from that loop's context (its callbacks run there). */
    HttpClient client(int loop) {
        return clients.get(loop);
    }

    @Override
    public void close() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
