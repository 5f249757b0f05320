package io.nhp.kafka.testkit;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A POST or PUT sent with {@code java.net.http}: chunked (no Content-Length, as a client streaming a body of unknown
 * length sends it) or with its Content-Length, which RestAssured cannot choose between.
 */
public final class RawPost {

    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    private RawPost() {
    }

    /** {@code json} followed by whitespace up to exactly {@code size} bytes: still valid JSON, of the size a test needs. */
    public static byte[] padded(String json, int size) {
        return (json + " ".repeat(size - json.getBytes(StandardCharsets.UTF_8).length)).getBytes(StandardCharsets.UTF_8);
    }

    /** Sends {@code body} without a length: Transfer-Encoding chunked. */
    public static HttpResponse<String> chunked(String method, URI uri, String bearer, String contentType, byte[] body) {
        return send(method, uri, bearer, contentType,
                HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)));
    }

    /** Sends {@code body} with its Content-Length. */
    public static HttpResponse<String> declared(String method, URI uri, String bearer, String contentType, byte[] body) {
        return send(method, uri, bearer, contentType, HttpRequest.BodyPublishers.ofByteArray(body));
    }

    /**
     * Fails unless {@code response} is a body-limit refusal (service-support's {@code BodyLimits}): 413,
     * {@code application/problem+json}, saying the body is over {@code limit} ({@code "16 KiB"}).
     */
    public static void assertTooLarge(HttpResponse<String> response, String limit) {
        String type = response.headers().firstValue("Content-Type").orElse("");
        if (response.statusCode() != 413 || !type.startsWith("application/problem+json")
                || !response.body().contains("\"status\":413") || !response.body().contains("over " + limit)) {
            throw new AssertionError("expected a 413 problem+json saying over " + limit + ", got "
                    + response.statusCode() + " " + type + ": " + response.body());
        }
    }

    private static HttpResponse<String> send(String method, URI uri, String bearer, String contentType,
            HttpRequest.BodyPublisher body) {
        var request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).header("Content-Type", contentType)
                .method(method, body);
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        try {
            return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
