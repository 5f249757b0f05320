package io.nhp.pricing.catalog;

import static io.nhp.pricing.domain.TestJson.xiaomi;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nhp.contracts.events.PartnerProfileEvent;
import io.nhp.pricing.domain.ProfileRules;
import io.nhp.service.Problem.FieldError;
import io.nhp.service.ProblemException;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** How a partner's profile is replaced: a new version only when it changes, never under another key. */
class PartnerCatalogTest {

    static final Instant T0 = Instant.parse("2026-12-06T12:00:00Z");

    final PartnerProfileEvent stored = new PartnerProfileEvent("p-1", T0, "xiaomi", 3L, T0, "seed",
            ProfileRules.check(xiaomi(), market -> true).profile());

    @Test
    void shouldMakeAChangedProfileTheNextVersion() {
        ObjectNode profile = xiaomi();
        profile.put("active_devices_millions", 650);

        PartnerProfileEvent replaced = PartnerCatalog.replacement(stored,
                ProfileRules.check(profile, market -> true), "admin").orElseThrow();

        assertThat(replaced.partner()).isEqualTo("xiaomi");
        assertThat(replaced.version()).isEqualTo(4L);
        assertThat(replaced.changedBy()).isEqualTo("admin");
        assertThat(replaced.profile().path("active_devices_millions").asInt()).isEqualTo(650);
    }

    @Test
    void shouldPublishNothingForTheProfileAlreadyStored() {
        assertThat(PartnerCatalog.replacement(stored, ProfileRules.check(xiaomi(), market -> true), "admin")).isEmpty();
    }

    @Test
    void shouldRefuseAProfileThatNamesAnotherPartner() {
        ObjectNode profile = xiaomi();
        profile.put("key", "xiaomi-eu");

        ProblemException refused = catchThrowableOfType(ProblemException.class, () -> PartnerCatalog.replacement(stored,
                ProfileRules.check(profile, market -> true), "admin"));

        assertThat(refused.errors()).containsExactly(new FieldError("key", "is 'xiaomi-eu' but the path names 'xiaomi'"));
    }
}
