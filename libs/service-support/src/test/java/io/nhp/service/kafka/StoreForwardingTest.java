package io.nhp.service.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.nhp.service.Problem;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A read for a key another instance holds is answered with that instance's answer, as the client would get it there. */
class StoreForwardingTest {

    final StoreForwarding forwarding = new StoreForwarding();
    /** The other instance: answers its fleet with the headers it was asked with, and anything else 401. */
    HttpServer holder;
    final Map<String, String> seenByHolder = new ConcurrentHashMap<>();

    @BeforeEach
    void startTheHolder() throws IOException {
        holder = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        holder.createContext("/api/v1/fleet", exchange -> {
            seenByHolder.put("method", exchange.getRequestMethod());
            seenByHolder.put("query", String.valueOf(exchange.getRequestURI().getRawQuery()));
            exchange.getRequestHeaders().forEach((name, values) -> seenByHolder.put(name.toLowerCase(), values.get(0)));
            byte[] body = "{\"registered\":3}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        holder.createContext("/api/v1/savings", exchange -> {
            exchange.getResponseHeaders().add("WWW-Authenticate", "Bearer");
            exchange.getResponseHeaders().add("Content-Type", Problem.MEDIA_TYPE);
            byte[] body = "{\"status\":401}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(401, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        holder.start();
    }

    @AfterEach
    void stopTheHolder() {
        holder.stop(0);
    }

    @Test
    void shouldAnswerWithTheHoldersAnswerToTheSameRequest() throws Exception {
        // when a client's read reaches an instance that does not hold the key
        Response answer = forwarded(at("/api/v1/fleet?partner=xiaomi&region=south%20korea"),
                Map.of("Authorization", "Bearer dev-admin-token", "Accept", "application/json"));

        // then it gets the holder's answer: status, type and body
        assertThat(answer.getStatus()).isEqualTo(200);
        assertThat(answer.getHeaderString("Content-Type")).isEqualTo("application/json");
        assertThat(new String((byte[]) answer.getEntity(), StandardCharsets.UTF_8)).isEqualTo("{\"registered\":3}");
        // and the holder was asked the same query, with the client's credential, marked as forwarded
        assertThat(seenByHolder).containsEntry("query", "partner=xiaomi&region=south%20korea")
                .containsEntry("authorization", "Bearer dev-admin-token").containsEntry("accept", "application/json")
                .containsEntry(StoreForwarding.FORWARDED.toLowerCase(), "1");
    }

    @Test
    void shouldForwardAChangeWithoutABodyWithItsMethod() throws Exception {
        Response answer = forwarding.forward("POST", at("/api/v1/fleet"), Map.of("Authorization", "Bearer d")::get)
                .toCompletableFuture().get(10, TimeUnit.SECONDS);

        assertThat(answer.getStatus()).isEqualTo(200);
        assertThat(seenByHolder).containsEntry("method", "POST").containsEntry("authorization", "Bearer d");
    }

    @Test
    void shouldRelayTheHoldersRefusalAsItIs() throws Exception {
        Response answer = forwarded(at("/api/v1/savings/xiaomi"), Map.of("Authorization", "Bearer forged"));

        assertThat(answer.getStatus()).isEqualTo(401);
        assertThat(answer.getHeaderString("WWW-Authenticate")).isEqualTo("Bearer");
        assertThat(answer.getHeaderString("Content-Type")).isEqualTo(Problem.MEDIA_TYPE);
    }

    @Test
    void shouldNotForwardAForwardedRequestAgainButAskTheClientToComeBack() throws Exception {
        // when the instance a request was forwarded to does not hold the key either (a rebalance moves the keys)
        Response answer = forwarded(at("/api/v1/fleet?partner=xiaomi"), Map.of(StoreForwarding.FORWARDED, "1"));

        // then a 503 problem with when to try again, and the holder was not asked
        assertThat(answer.getStatus()).isEqualTo(503);
        assertThat(answer.getHeaderString("Retry-After")).isEqualTo("5");
        assertThat(((Problem) answer.getEntity()).detail()).contains("moving between instances");
        assertThat(seenByHolder).isEmpty();
    }

    @Test
    void shouldAskTheClientToComeBackWhenTheHolderDoesNotAnswer() throws Exception {
        URI gone = at("/api/v1/fleet?partner=xiaomi");
        holder.stop(0);

        Response answer = forwarded(gone, Map.of());

        assertThat(answer.getStatus()).isEqualTo(503);
        assertThat(answer.getMediaType().toString()).isEqualTo(Problem.MEDIA_TYPE);
        assertThat(((Problem) answer.getEntity()).detail()).contains("did not answer");
    }

    private URI at(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + holder.getAddress().getPort() + pathAndQuery);
    }

    private Response forwarded(URI target, Map<String, String> requestHeaders) throws Exception {
        return forwarding.forward(target, requestHeaders::get).toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
