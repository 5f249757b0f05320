package io.nhp.service.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** Reading an {@code Authorization} header, and finding whose configured token was presented. */
class BearerTokensTest {

    static final Map<String, String> PARTNERS = new LinkedHashMap<>(Map.of("xiaomi", "x-secret", "samsung", "s-secret"));

    @Test
    void shouldTakeTheTokenOfABearerHeaderInAnyCaseAndNothingElse() {
        assertThat(BearerTokens.of("Bearer x-secret")).hasValue("x-secret");
        assertThat(BearerTokens.of("bearer   x-secret  ")).hasValue("x-secret");
        assertThat(BearerTokens.of("Basic eDp5")).isEmpty();
        assertThat(BearerTokens.of("Bearer")).as("the scheme without a space and token").isEmpty();
        assertThat(BearerTokens.of(null)).isEmpty();
    }

    @Test
    void shouldNameWhoseTokenItIsOnlyForTheWholeToken() {
        assertThat(BearerTokens.owner("s-secret", PARTNERS, Function.identity())).hasValue("samsung");
        assertThat(BearerTokens.owner("s-secre", PARTNERS, Function.identity())).as("a prefix").isEmpty();
        assertThat(BearerTokens.owner("s-secret2", PARTNERS, Function.identity())).as("longer").isEmpty();
        assertThat(BearerTokens.owner("S-SECRET", PARTNERS, Function.identity())).as("case matters").isEmpty();
        assertThat(BearerTokens.owner("", PARTNERS, Function.identity())).isEmpty();
    }
}
