package io.nhp.service.security;

import static io.nhp.service.security.Requests.withAuthorization;
import static org.assertj.core.api.Assertions.assertThat;

import io.nhp.service.Problem;
import io.nhp.service.ProblemMappers;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.security.HttpCredentialTransport;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A partners-only bearer mechanism (as job-broker's {@code PartnerTokens}, tried before its device-JWT mechanism):
 * a partner's token makes that partner, anything else is left to the next mechanism, and a request nobody
 * authenticates is refused with 401, {@code WWW-Authenticate: Bearer} and a problem+json body.
 */
class PartnerTokenMechanismTest {

    /** A partner as a service's config mapping has it. */
    record Partner(String token, int maxDevices) {
    }

    /** The mechanism as job-broker subclasses it, over its configured partners. */
    static final class PartnerTokens extends PartnerTokenMechanism<Partner> {
        @Override
        protected Map<String, Partner> partners() {
            return Map.of("xiaomi", new Partner("x-secret", 10), "samsung", new Partner("s-secret", 20));
        }

        @Override
        protected Function<Partner, String> token() {
            return Partner::token;
        }
    }

    final PartnerTokens mechanism = new PartnerTokens();

    @Test
    void shouldMakeAPartnersBearerTokenThatPartnerWithThePartnerRoleOnly() {
        SecurityIdentity identity = authenticate("Bearer x-secret");

        assertThat(identity.isAnonymous()).isFalse();
        assertThat(identity.getPrincipal().getName()).isEqualTo("xiaomi");
        assertThat(identity.getRoles()).containsExactly(PartnerTokenMechanism.PARTNER_ROLE);
        assertThat(authenticate("bearer s-secret").getPrincipal().getName()).as("the scheme in any case")
                .isEqualTo("samsung");
    }

    static Stream<String> notAPartnersBearerToken() {
        return Stream.of(
                "Bearer nobody's-token",        // wrong
                "Bearer x-secre",               // a partner's token cut short
                "Bearer X-SECRET",              // in another case
                "Bearer x-secret s-secret",     // two tokens
                "Bearer",                       // the scheme alone
                "Bearer    ",                   // the scheme and blanks
                "Basic eC1zZWNyZXQ6",           // another scheme, even carrying the token
                "x-secret",                     // no scheme
                "");
    }

    @ParameterizedTest
    @MethodSource("notAPartnersBearerToken")
    void shouldLeaveAnythingButAPartnersTokenToTheNextMechanism(String authorization) {
        assertThat(authenticate(authorization)).isNull();
    }

    @Test
    void shouldLeaveARequestWithoutAnAuthorizationHeaderAnonymous() {
        assertThat(authenticate(null)).isNull();
    }

    @Test
    void shouldAnswerARequestNobodyAuthenticated401WithTheBearerChallengeAndAProblem() {
        // given a protected endpoint, asked by a request no mechanism authenticated
        var challenge = mechanism.getChallenge(null).await().indefinitely();
        // (with quarkus.http.auth.proactive=false, the refusal reaches the mappers as an UnauthorizedException)
        Response refusal = new ProblemMappers().unauthenticated();

        // then the challenge and the answer say the same: 401, Bearer, a problem without internals
        assertThat(challenge.status).isEqualTo(401);
        assertThat(challenge.getHeaders()).containsKey("WWW-Authenticate").containsValue("Bearer");
        assertThat(refusal.getStatus()).isEqualTo(401);
        assertThat(refusal.getMediaType().toString()).isEqualTo(Problem.MEDIA_TYPE);
        assertThat(refusal.getHeaderString("WWW-Authenticate")).isEqualTo("Bearer");
        assertThat(refusal.getEntity()).isEqualTo(Problem.of(401, "Unauthorized", "a valid bearer credential is required"));
    }

    @Test
    void shouldTakeItsCredentialFromTheAuthorizationHeaderAndAskNoIdentityProvider() {
        HttpCredentialTransport transport = mechanism.getCredentialTransport(null).await().indefinitely();

        assertThat(transport).isEqualTo(new HttpCredentialTransport(HttpCredentialTransport.Type.AUTHORIZATION, "bearer"));
        assertThat(mechanism.getCredentialTypes()).as("the identity is built from configuration").isEmpty();
    }

    private SecurityIdentity authenticate(String authorization) {
        return mechanism.authenticate(withAuthorization(authorization), null).await().indefinitely();
    }
}
