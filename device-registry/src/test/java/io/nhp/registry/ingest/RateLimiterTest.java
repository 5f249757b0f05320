package io.nhp.registry.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nhp.service.ProblemException;
import org.junit.jupiter.api.Test;

class RateLimiterTest {

    private final RateLimiter limiter = new RateLimiter(3);
    private final long start = 1_764_000_000_000L;

    @Test
    void shouldRefuseTheHeartbeatOverTheLimitSayingWhenTheMinuteEnds() {
        for (int i = 0; i < 3; i++) {
            limiter.acquire("d-1", start + i * 1_000);
        }

        assertThatThrownBy(() -> limiter.acquire("d-1", start + 20_000))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.status()).isEqualTo(429);
                    assertThat(e.headers()).containsEntry("Retry-After", "40");
                });
    }

    @Test
    void shouldCountEachDeviceApartAndStartAFreshMinute() {
        for (int i = 0; i < 3; i++) {
            limiter.acquire("d-1", start);
        }

        assertThatNoException().isThrownBy(() -> limiter.acquire("d-2", start));
        assertThatThrownBy(() -> limiter.acquire("d-1", start + 59_999)).isInstanceOf(ProblemException.class);
        assertThatNoException().isThrownBy(() -> limiter.acquire("d-1", start + 60_000));
    }

    @Test
    void shouldSweepOnlyWindowsOverForAMinuteAndCountAfreshAfterwards() {
        for (int i = 0; i < 3; i++) {
            limiter.acquire("d-1", start);
        }
        limiter.acquire("d-2", start + 30_000);

        limiter.sweep(start + 119_999);
        assertThat(limiter.windows()).isEqualTo(2);
        assertThatThrownBy(() -> limiter.acquire("d-1", start + 59_999)).isInstanceOf(ProblemException.class);

        limiter.sweep(start + 120_000);
        assertThat(limiter.windows()).isEqualTo(1); // d-1's minute ended a minute ago; d-2's a half minute ago
        for (int i = 0; i < 3; i++) {
            limiter.acquire("d-1", start + 120_000);
        }
        assertThatThrownBy(() -> limiter.acquire("d-1", start + 120_001)).isInstanceOf(ProblemException.class);
    }
}
