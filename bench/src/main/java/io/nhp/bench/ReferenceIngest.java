package io.nhp.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.Context;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The bare transport the ingest scenario compares device-registry with: a plain Vert.x HTTP server (the stack Quarkus
 * REST runs on, as many event loops as Quarkus gives a service) and one {@link KafkaProducer} configured as
 * device-registry's {@code EventPublisher} (acks=all, idempotent, linger 5 ms, batch 64 KiB). It takes the same
 * request bodies as device-registry and writes each posted heartbeat as it came, keyed by its device id, to its own
 * topic; it answers 202 only once the broker has acknowledged every record of the request. No authentication, no
 * validation, no event of our own: what HTTP → Kafka costs on this machine before any of the platform's work.
 *
 * <ul>
 *   <li>{@code POST /api/v1/devices/{id}/heartbeats}: the body is one record → 202 {@code {"accepted":1}}</li>
 *   <li>{@code POST /api/v1/heartbeats} {@code {"heartbeats":[{"deviceId":…,…},…]}}: a record per item → 202
 *       {@code {"accepted":n,"rejected":0}}</li>
 *   <li>{@code GET /q/health/ready} → 200 once the producer has the topic's metadata</li>
 * </ul>
 *
 * <p>Usage: {@code ReferenceIngest <port> <bootstrap servers> <topic>}; started by {@link Ingest} through
 * {@link OwnPlatform#startBenchJvm}, with the services' heap and GC.
 */
public final class ReferenceIngest extends AbstractVerticle {

    private static final JsonFactory JSON = new JsonFactory();
    private static final Buffer ONE = Buffer.buffer("{\"accepted\":1}");

    private final KafkaProducer<String, byte[]> producer;
    private final String topic;
    private final int port;

    private ReferenceIngest(KafkaProducer<String, byte[]> producer, String topic, int port) {
        this.producer = producer;
        this.topic = topic;
        this.port = port;
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        String bootstrap = args[1];
        String topic = args[2];
        KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.CLIENT_ID_CONFIG, "bench-reference",
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 5,
                ProducerConfig.BATCH_SIZE_CONFIG, 64 * 1024,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 15_000,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000), new StringSerializer(), new ByteArraySerializer());
        producer.partitionsFor(topic); // the metadata before the first request: send() then never blocks on it
        // Quarkus's default: two event loops per core
        int eventLoops = 2 * Runtime.getRuntime().availableProcessors();
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(eventLoops));
        vertx.deployVerticle(() -> new ReferenceIngest(producer, topic, port),
                new DeploymentOptions().setInstances(eventLoops)).toCompletionStage().toCompletableFuture()
                .get(30, TimeUnit.SECONDS);
        System.out.println("reference ingest on port " + port + ", " + eventLoops + " event loops, topic " + topic);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            vertx.close();
            producer.close(java.time.Duration.ofSeconds(5));
        }));
    }

    @Override
    public void start() {
        vertx.createHttpServer(new HttpServerOptions().setTcpNoDelay(true).setIdleTimeout(0))
                .requestHandler(this::handle).listen(port);
    }

    private void handle(HttpServerRequest request) {
        String path = request.path();
        if (request.method() == HttpMethod.GET && path.equals("/q/health/ready")) {
            request.response().end("{\"status\":\"UP\"}");
            return;
        }
        if (request.method() != HttpMethod.POST) {
            request.response().setStatusCode(405).end();
            return;
        }
        if (path.equals("/api/v1/heartbeats")) {
            request.body().onSuccess(body -> batch(request, body));
        } else if (path.startsWith("/api/v1/devices/") && path.endsWith("/heartbeats")) {
            String deviceId = path.substring("/api/v1/devices/".length(), path.length() - "/heartbeats".length());
            request.body().onSuccess(body -> single(request, deviceId, body));
        } else {
            request.response().setStatusCode(404).end();
        }
    }

    private void single(HttpServerRequest request, String deviceId, Buffer body) {
        Context context = vertx.getOrCreateContext();
        producer.send(new ProducerRecord<>(topic, deviceId, body.getBytes()), (metadata, error) ->
                context.runOnContext(v -> {
                    if (error != null) {
                        request.response().setStatusCode(503).end();
                    } else {
                        request.response().setStatusCode(202).putHeader("Content-Type", "application/json").end(ONE);
                    }
                }));
    }

    /** Splits the batch into its items (each copied as posted, keyed by its deviceId); answers once all are acked. */
    private void batch(HttpServerRequest request, Buffer body) {
        List<String> keys = new ArrayList<>();
        List<byte[]> values = new ArrayList<>();
        try {
            split(body.getBytes(), keys, values);
        } catch (IOException | RuntimeException e) {
            request.response().setStatusCode(400).end();
            return;
        }
        int count = values.size();
        if (count == 0) {
            request.response().setStatusCode(202).end("{\"accepted\":0,\"rejected\":0}");
            return;
        }
        Context context = vertx.getOrCreateContext();
        AtomicInteger waiting = new AtomicInteger(count);
        AtomicInteger failed = new AtomicInteger();
        for (int i = 0; i < count; i++) {
            producer.send(new ProducerRecord<>(topic, keys.get(i), values.get(i)), (metadata, error) -> {
                if (error != null) {
                    failed.incrementAndGet();
                }
                if (waiting.decrementAndGet() == 0) {
                    context.runOnContext(v -> {
                        if (failed.get() > 0) {
                            request.response().setStatusCode(503).end();
                        } else {
                            request.response().setStatusCode(202).putHeader("Content-Type", "application/json")
                                    .end("{\"accepted\":" + count + ",\"rejected\":0}");
                        }
                    });
                }
            });
        }
    }

    /** The items of {@code {"heartbeats":[…]}}, each re-serialized as it was (streaming, no object mapping). */
    private static void split(byte[] body, List<String> keys, List<byte[]> values) throws IOException {
        try (JsonParser parser = JSON.createParser(body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("not an object");
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if (!"heartbeats".equals(field) || value != JsonToken.START_ARRAY) {
                    parser.skipChildren();
                    continue;
                }
                while (parser.nextToken() == JsonToken.START_OBJECT) {
                    ByteArrayOutputStream item = new ByteArrayOutputStream(192);
                    String deviceId = null;
                    try (JsonGenerator out = JSON.createGenerator(item)) {
                        out.writeStartObject();
                        while (parser.nextToken() == JsonToken.FIELD_NAME) {
                            String name = parser.currentName();
                            parser.nextToken();
                            if ("deviceId".equals(name)) {
                                deviceId = parser.getValueAsString();
                            }
                            out.writeFieldName(name);
                            out.copyCurrentStructure(parser);
                        }
                        out.writeEndObject();
                    }
                    keys.add(deviceId);
                    values.add(item.toByteArray());
                }
            }
        }
    }
}
