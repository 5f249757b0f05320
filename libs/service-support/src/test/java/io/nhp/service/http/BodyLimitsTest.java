package io.nhp.service.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.buffer.Buffer;
import java.math.BigInteger;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BodyLimitsTest {

    private final BodyLimits limits = new BodyLimits(new BodyLimitsConfig() {
        @Override
        public MemorySize fallback() {
            return new MemorySize(BigInteger.valueOf(16 * 1024));
        }

        @Override
        public Map<String, MemorySize> paths() {
            return Map.of("/api/v1/heartbeats", new MemorySize(BigInteger.valueOf(1024 * 1024)));
        }
    });

    @Test
    void shouldGiveAListedPathItsOwnLimitAndEveryOtherPathTheDefault() {
        // given the limits above
        // when / then
        assertThat(limits.limitOf("/api/v1/heartbeats")).isEqualTo(1024 * 1024L);
        assertThat(limits.limitOf("/api/v1/devices/d-1/heartbeats")).isEqualTo(16 * 1024L);
        assertThat(limits.limitOf("/api/v1/heartbeats/")).as("exact paths only").isEqualTo(16 * 1024L);
    }

    @Test
    void shouldKeepABodyOfExactlyTheLimit() {
        // given
        var body = new BodyLimits.BoundedBody(10);

        // when
        boolean kept = body.add(Buffer.buffer("12345")) && body.add(Buffer.buffer("67890"));

        // then
        assertThat(kept).isTrue();
        assertThat(body.refused()).isFalse();
        assertThat(new String(body.bytes())).isEqualTo("1234567890");
    }

    @Test
    void shouldRefuseTheChunkThatPassesTheLimitWithoutKeepingIt() {
        // given
        var body = new BodyLimits.BoundedBody(10);
        body.add(Buffer.buffer("123456"));

        // when
        boolean kept = body.add(Buffer.buffer("78901"));

        // then nothing beyond the limit is held, and later chunks are refused too
        assertThat(kept).isFalse();
        assertThat(body.refused()).isTrue();
        assertThat(body.bytes()).hasSize(6);
        assertThat(body.add(Buffer.buffer("1"))).isFalse();
    }
}
