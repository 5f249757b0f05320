package io.nhp.pricing.domain;

import static io.nhp.pricing.domain.TestJson.json;
import static io.nhp.pricing.domain.TestJson.xiaomi;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nhp.service.Problem.FieldError;
import io.nhp.service.ProblemException;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/** What a partner profile must hold, and what is accepted with a warning. */
class ProfileRulesTest {

    /** The markets the reference data maps to a region. */
    static final Predicate<String> MAPPED = Set.of("China", "India", "Southeast Asia", "EU")::contains;

    @Test
    void shouldAcceptAShippedProfileAndKeepFieldsTheRulesDoNotCheck() {
        ProfileRules.Checked checked = ProfileRules.check(xiaomi(), MAPPED);

        assertThat(checked.key()).isEqualTo("xiaomi");
        assertThat(checked.profile().path("ceo").asText()).isEqualTo("Lei Jun");
        assertThat(checked.profile().path("security").path("certifications").size()).isEqualTo(2);
    }

    @Test
    void shouldMarkAMarketWithoutARegionAndWarnOfIt() {
        // when Latin America maps to no region
        ProfileRules.Checked checked = ProfileRules.check(xiaomi(), MAPPED);

        // then it is kept, marked, and reported; the mapped markets are not marked
        assertThat(checked.profile().path("primary_markets").get(4).path(ProfileRules.DEFAULT_REGION_MARKER).asBoolean())
                .isTrue();
        assertThat(checked.profile().path("primary_markets").get(0).has(ProfileRules.DEFAULT_REGION_MARKER)).isFalse();
        assertThat(checked.warnings()).extracting(FieldError::field).containsExactly("primary_markets[4].name");
    }

    @Test
    void shouldDropAnEarlierMarkOnceTheMarketHasARegion() {
        ObjectNode profile = xiaomi();
        ((ObjectNode) profile.path("primary_markets").get(0)).put(ProfileRules.DEFAULT_REGION_MARKER, true);

        ProfileRules.Checked checked = ProfileRules.check(profile, market -> true);

        assertThat(checked.profile().path("primary_markets").get(0).has(ProfileRules.DEFAULT_REGION_MARKER)).isFalse();
        assertThat(checked.warnings()).isEmpty();
    }

    @Test
    void shouldNotChangeTheProfileItWasGiven() {
        ObjectNode profile = xiaomi();

        ProfileRules.check(profile, MAPPED);

        assertThat(profile).isEqualTo(xiaomi());
    }

    @Test
    void shouldStoreDecimalFiguresWithAFractionDigit() {
        ObjectNode profile = xiaomi();
        ((ObjectNode) profile.path("flagship_models").get(0)).put("tops", 34);

        ProfileRules.Checked checked = ProfileRules.check(profile, MAPPED);

        assertThat(checked.profile().path("flagship_models").get(0).path("tops").toString()).isEqualTo("34.0");
    }

    @Test
    void shouldRefuseAPartnerWithoutDeviceModels() {
        ObjectNode profile = xiaomi();
        profile.remove("flagship_models");
        profile.remove("midrange_models");

        assertThat(errors(profile)).containsExactly(new FieldError("flagship_models",
                "a partner needs at least one device model (flagship_models or midrange_models)"));
    }

    @Test
    void shouldRefuseAnIntegrationShorterThanTheRoadmapsPhases() {
        ObjectNode profile = xiaomi();
        ((ObjectNode) profile.path("partnership")).put("integration_months", ProfileRules.MIN_INTEGRATION_MONTHS - 1);

        assertThat(errors(profile)).containsExactly(new FieldError("partnership.integration_months", "must be at least 6"));
    }

    @Test
    void shouldNameEveryInvalidFieldWithItsPlaceInTheProfile() {
        // given a key with capitals, a phone without TOPS, a service's requests as text and no markets
        ObjectNode profile = xiaomi();
        profile.put("key", "Xiaomi EU");
        ((ObjectNode) profile.path("midrange_models").get(1)).put("tops", 0);
        ((ObjectNode) profile.path("ai_services").get(0)).put("daily_requests", "many");
        profile.set("primary_markets", json("[]"));

        // then each is named
        assertThat(errors(profile)).extracting(FieldError::field).containsExactly("key", "midrange_models[1].tops",
                "ai_services[0].daily_requests", "primary_markets");
    }

    @Test
    void shouldAllowAPartnersRequestsAndCloudCostBeyondABillionButNotBeyondATrillion() {
        ObjectNode profile = xiaomi();
        ((ObjectNode) profile.path("ai_services").get(0)).put("daily_requests", 5_000_000_000L)
                .put("est_annual_cloud_cost_usd", 2_000_000_000_000L);

        assertThat(errors(profile)).containsExactly(new FieldError("ai_services[0].est_annual_cloud_cost_usd",
                "must be at most 1000000000000"));
    }

    @Test
    void shouldRequireTheSectionsTheModelReads() {
        ObjectNode profile = xiaomi();
        profile.remove("partnership");
        profile.put("security", "strong");

        assertThat(errors(profile)).containsExactly(new FieldError("partnership", "is required"),
                new FieldError("security", "must be an object"));
    }

    private static java.util.List<FieldError> errors(ObjectNode profile) {
        ProblemException refused = catchThrowableOfType(ProblemException.class, () -> ProfileRules.check(profile, MAPPED));
        assertThat(refused).as("refused").isNotNull();
        assertThat(refused.status()).isEqualTo(400);
        return refused.errors();
    }
}
