package io.nhp.service.security;

import static io.nhp.service.security.Requests.request;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Who a bearer token makes the caller, as a service's {@link AccessTokenMechanism} sees it: a partner, ops, the
 * scraper, an owner vouched for by its partner, or nobody (anonymous: the endpoint then answers 401 or 403).
 */
class AccessTokenMechanismTest {

    static final PartnerSignedTokens PARTNER_SIGNED = new PartnerSignedTokens(
            Map.of("xiaomi", Map.of("2026-07", PartnerSignedTokensTest.XIAOMI_NEW.getPublic())),
            Clock.fixed(PartnerSignedTokensTest.NOW, ZoneOffset.UTC));

    /** A service's mechanism, as EconomicsTokens is: partners', ops' and the scraper's tokens. */
    static final class ServiceTokens extends AccessTokenMechanism {
        ServiceTokens(Optional<String> metrics) {
            super(new AccessTokens(Map.of("xiaomi", "x-secret", "samsung", "s-secret"), Optional.of("ops-secret"),
                    metrics), PARTNER_SIGNED);
        }
    }

    final ServiceTokens mechanism = new ServiceTokens(Optional.of("scrape-secret"));

    @Test
    void shouldMakeAPartnersTokenThatPartner() {
        SecurityIdentity identity = identity("s-secret");

        assertThat(identity.getPrincipal().getName()).isEqualTo("samsung");
        assertThat(identity.getRoles()).containsExactly(PartnerTokenMechanism.PARTNER_ROLE);
        assertThat(Viewer.of(identity)).isEqualTo(new Viewer(true, false, "samsung", null, null));
    }

    @Test
    void shouldMakeOpsTokenAnAdminAndTheScrapersTokenAMetricsReaderOnly() {
        assertThat(identity("ops-secret").getRoles()).containsExactly(Viewer.ADMIN_ROLE);
        assertThat(Viewer.of(identity("ops-secret")).admin()).isTrue();
        SecurityIdentity scraper = identity("scrape-secret");
        assertThat(scraper.getRoles()).containsExactly(Viewer.METRICS_ROLE);
        assertThat(Viewer.of(scraper).sees("xiaomi")).isFalse();
    }

    @Test
    void shouldNotTakeTheScrapersTokenWhereTheServiceHasNone() {
        var withoutScraper = new ServiceTokens(Optional.empty());

        assertThat(withoutScraper.authenticate("scrape-secret", null, null).await().indefinitely()).isNull();
    }

    @Test
    void shouldMakeAnOwnerCredentialItsPartnerSignedThatOwnerOfThatPartner() {
        String credential = PartnerSignedTokensTest.owner("xiaomi", "2026-07", PartnerSignedTokensTest.XIAOMI_NEW.getPrivate());

        SecurityIdentity owner = identity(credential);

        assertThat(owner.getPrincipal().getName()).isEqualTo("o-1");
        assertThat(owner.getRoles()).containsExactly(Viewer.OWNER_ROLE);
        assertThat(Viewer.of(owner).seesOwner("o-1", "xiaomi")).isTrue();
        assertThat(Viewer.of(owner).seesOwner("o-1", "samsung")).as("the same id at another partner").isFalse();
    }

    @Test
    void shouldLeaveATokenThatIsNoneOfTheseAnonymous() {
        String wrongKey = PartnerSignedTokensTest.owner("xiaomi", "2026-07", PartnerSignedTokensTest.SAMSUNG.getPrivate());

        assertThat(identity("nobody's")).isNull();
        assertThat(identity(wrongKey)).as("signed with another key").isNull();
        assertThat(identity("a.b.c")).as("shaped like a JWS").isNull();
    }

    @Test
    void shouldTakeTheTokenFromTheAccessTokenParameterOnlyWithoutAnAuthorizationHeader() {
        // a page opened in a browser: ?access_token=
        SecurityIdentity fromQuery = mechanism.authenticate(request(null, "ops-secret"), null).await().indefinitely();
        SecurityIdentity fromHeader = mechanism.authenticate(request("Bearer x-secret", "ops-secret"), null)
                .await().indefinitely();
        SecurityIdentity none = mechanism.authenticate(request(null, null), null).await().indefinitely();

        assertThat(fromQuery.getRoles()).containsExactly(Viewer.ADMIN_ROLE);
        assertThat(fromHeader.getPrincipal().getName()).as("the header wins").isEqualTo("xiaomi");
        assertThat(none).isNull();
    }

    @Test
    void shouldChallengeARefusedRequestWithBearer() {
        ChallengeData challenge = mechanism.getChallenge(null).await().indefinitely();

        assertThat(challenge.status).isEqualTo(401);
        assertThat(challenge.getHeaders()).hasSize(1).allSatisfy((name, value) -> {
            assertThat(name.toString()).isEqualTo("WWW-Authenticate");
            assertThat(value).isEqualTo("Bearer");
        });
    }

    private SecurityIdentity identity(String token) {
        return mechanism.authenticate(token, null, null).await().indefinitely();
    }
}
