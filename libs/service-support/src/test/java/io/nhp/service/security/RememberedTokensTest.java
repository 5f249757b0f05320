package io.nhp.service.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.benmanes.caffeine.cache.Ticker;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.junit.jupiter.api.Test;

/** What {@link RememberedTokens} remembers: only tokens that verified, and none beyond its expiry or max-age. */
class RememberedTokensTest {

    /** The test's time: the clock tokens' exp is compared to and the ticker their age is measured by; moved by hand. */
    static final class TestTime extends Clock implements Ticker {
        private Instant now = Instant.parse("2026-12-06T12:00:00Z");

        void pass(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public long read() {
            return now.getEpochSecond() * 1_000_000_000L + now.getNano();
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException("the test's time is UTC");
        }
    }

    final TestTime time = new TestTime();

    /** A verifier that counts its verifications; tokens are "h.e<epoch second>.s" (any suffix ignored) or "bad". */
    final class CountingVerifier extends DefaultJWTParser {
        final Map<String, Integer> verifications = new HashMap<>();

        @Override
        public JsonWebToken parse(String token) throws ParseException {
            verifications.merge(token, 1, Integer::sum);
            if (token.equals("bad")) {
                throw new ParseException("signature does not verify");
            }
            long exp = expOf(token);
            if (Instant.ofEpochSecond(exp).isBefore(time.instant())) {
                throw new ParseException("expired");
            }
            return new JsonWebToken() {
                @Override
                public String getName() {
                    return "d-1";
                }

                @Override
                public Set<String> getClaimNames() {
                    return Set.of("exp", "sub", "partner", "raw_token");
                }

                @SuppressWarnings("unchecked")
                @Override
                public <T> T getClaim(String claim) {
                    return (T) switch (claim) {
                        case "exp" -> Long.valueOf(exp);
                        case "sub" -> "d-1";
                        case "partner" -> "xiaomi";
                        case "raw_token" -> token;
                        default -> null;
                    };
                }
            };
        }
    }

    final CountingVerifier verifier = new CountingVerifier();

    /** Tokens remembered at most {@code maxAge}, on the test's time. */
    RememberedTokens remembering(Duration maxAge) {
        return new RememberedTokens(verifier, new SimpleMeterRegistry(), 100, maxAge, time, time);
    }

    static String token(long exp) {
        return "h.e" + exp + ".s";
    }

    static long expOf(String token) {
        return Long.parseLong(token.split("\\.")[1].substring(1));
    }

    @Test
    void shouldVerifyEveryTimeATokenNotInItsCanonicalForm() throws Exception {
        var tokens = remembering(Duration.ofMinutes(10));
        String canonical = token(time.instant().plusSeconds(3600).getEpochSecond());
        String padded = canonical + "=a";
        tokens.parse(canonical); // remembered: a decoder skipping '=' and what follows reads the padded one as it

        tokens.parse(padded);
        tokens.parse(padded);

        assertThat(verifier.verifications).containsEntry(padded, 2).containsEntry(canonical, 1);
    }

    @Test
    void shouldTakeAsCanonicalExactlyWhatTheCompactFormsGrammarSays() {
        // the grammar: three non-empty base64url parts joined by dots, nothing else
        var grammar = java.util.regex.Pattern.compile("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+");
        String alphabet = "aZ09_-.=+/ \u00e9.";
        var random = new java.util.Random(5);
        for (int i = 0; i < 100_000; i++) {
            var token = new StringBuilder();
            for (int n = random.nextInt(12); n > 0; n--) {
                token.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            assertThat(RememberedTokens.compactJws(token.toString())).as(token.toString())
                    .isEqualTo(grammar.matcher(token).matches());
        }
        assertThat(RememberedTokens.compactJws(token(time.instant().getEpochSecond()))).isTrue();
    }

    @Test
    void shouldVerifyATokenOnceWhileItIsValid() throws Exception {
        var tokens = remembering(Duration.ofMinutes(10));
        String token = token(time.instant().plusSeconds(3600).getEpochSecond());

        JsonWebToken first = tokens.parse(token);
        JsonWebToken again = tokens.parse(token);

        assertThat(again).isSameAs(first);
        assertThat(verifier.verifications).containsEntry(token, 1);
    }

    @Test
    void shouldKeepTheClaimsButNotTheRawToken() throws Exception {
        var tokens = remembering(Duration.ofMinutes(10));
        String token = token(time.instant().plusSeconds(3600).getEpochSecond());

        JsonWebToken remembered = tokens.parse(token);

        assertThat(remembered.getName()).isEqualTo("d-1");
        assertThat(remembered.getSubject()).isEqualTo("d-1");
        assertThat(remembered.<String>getClaim("partner")).isEqualTo("xiaomi");
        assertThat(remembered.getExpirationTime()).isEqualTo(expOf(token));
        assertThat(remembered.getRawToken()).isNull();
        assertThat(remembered.getClaimNames()).containsExactlyInAnyOrder("exp", "sub", "partner");
    }

    @Test
    void shouldVerifyATokenAgainOnceItHasExpiredAndRefuseIt() throws Exception {
        var tokens = remembering(Duration.ofMinutes(10));
        String token = token(time.instant().plusSeconds(1).getEpochSecond());
        tokens.parse(token);

        time.pass(Duration.ofSeconds(2)); // past its exp (whole seconds)

        assertThatThrownBy(() -> tokens.parse(token)).isInstanceOf(ParseException.class).hasMessage("expired");
        assertThat(verifier.verifications).containsEntry(token, 2);
    }

    @Test
    void shouldRememberATokenNoLongerThanMaxAge() throws Exception {
        var tokens = remembering(Duration.ofMillis(200));
        String token = token(time.instant().plusSeconds(3600).getEpochSecond());
        tokens.parse(token);

        time.pass(Duration.ofMillis(400));
        tokens.parse(token);

        assertThat(verifier.verifications).containsEntry(token, 2);
    }

    @Test
    void shouldNeverRememberATokenThatDidNotVerify() {
        var tokens = remembering(Duration.ofMinutes(10));

        assertThatThrownBy(() -> tokens.parse("bad")).isInstanceOf(ParseException.class);
        assertThatThrownBy(() -> tokens.parse("bad")).isInstanceOf(ParseException.class);

        assertThat(verifier.verifications).containsEntry("bad", 2);
    }
}
