package io.nhp.service.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.junit.jupiter.api.Test;

/** What {@link RememberedTokens} remembers: only tokens that verified, and none beyond its expiry or max-age. */
class RememberedTokensTest {

    /** A verifier that counts its verifications; tokens are "h.e<epoch second>.s" (any suffix ignored) or "bad". */
    static final class CountingVerifier extends DefaultJWTParser {
        final Map<String, Integer> verifications = new HashMap<>();

        @Override
        public JsonWebToken parse(String token) throws ParseException {
            verifications.merge(token, 1, Integer::sum);
            if (token.equals("bad")) {
                throw new ParseException("signature does not verify");
            }
            long exp = expOf(token);
            if (Instant.ofEpochSecond(exp).isBefore(Instant.now())) {
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

    static String token(long exp) {
        return "h.e" + exp + ".s";
    }

    static long expOf(String token) {
        return Long.parseLong(token.split("\\.")[1].substring(1));
    }

    @Test
    void shouldVerifyEveryTimeATokenNotInItsCanonicalForm() throws Exception {
        var tokens = new RememberedTokens(verifier, new SimpleMeterRegistry(), 100, Duration.ofMinutes(10));
        String padded = token(Instant.now().plusSeconds(3600).getEpochSecond()) + "=a";

        tokens.parse(padded);
        tokens.parse(padded);

        assertThat(verifier.verifications).containsEntry(padded, 2);
    }

    @Test
    void shouldVerifyATokenOnceWhileItIsValid() throws Exception {
        var tokens = new RememberedTokens(verifier, new SimpleMeterRegistry(), 100, Duration.ofMinutes(10));
        String token = token(Instant.now().plusSeconds(3600).getEpochSecond());

        JsonWebToken first = tokens.parse(token);
        JsonWebToken again = tokens.parse(token);

        assertThat(again).isSameAs(first);
        assertThat(verifier.verifications).containsEntry(token, 1);
    }

    @Test
    void shouldKeepTheClaimsButNotTheRawToken() throws Exception {
        var tokens = new RememberedTokens(verifier, new SimpleMeterRegistry(), 100, Duration.ofMinutes(10));
        String token = token(Instant.now().plusSeconds(3600).getEpochSecond());

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
        var tokens = new RememberedTokens(verifier, new SimpleMeterRegistry(), 100, Duration.ofMinutes(10));
        String token = token(Instant.now().plusSeconds(1).getEpochSecond());
        tokens.parse(token);

        Thread.sleep(2_100); // past its exp (whole seconds)

        assertThatThrownBy(() -> tokens.parse(token)).isInstanceOf(ParseException.class).hasMessage("expired");
        assertThat(verifier.verifications).containsEntry(token, 2);
    }

    @Test
    void shouldRememberATokenNoLongerThanMaxAge() throws Exception {
        var tokens = new RememberedTokens(verifier, new SimpleMeterRegistry(), 100, Duration.ofMillis(200));
        String token = token(Instant.now().plusSeconds(3600).getEpochSecond());
        tokens.parse(token);

        Thread.sleep(400);
        tokens.parse(token);

        assertThat(verifier.verifications).containsEntry(token, 2);
    }

    @Test
    void shouldNeverRememberATokenThatDidNotVerify() {
        var tokens = new RememberedTokens(verifier, new SimpleMeterRegistry(), 100, Duration.ofMinutes(10));

        assertThatThrownBy(() -> tokens.parse("bad")).isInstanceOf(ParseException.class);
        assertThatThrownBy(() -> tokens.parse("bad")).isInstanceOf(ParseException.class);

        assertThat(verifier.verifications).containsEntry("bad", 2);
    }
}
