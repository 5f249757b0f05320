package io.nhp.pricing.domain;

import static io.nhp.pricing.domain.TestJson.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import io.nhp.contracts.events.ReferenceKind;
import io.nhp.service.Problem.FieldError;
import io.nhp.service.ProblemException;
import org.junit.jupiter.api.Test;

/** Which fields of a reference item an admin may change, and what a change is refused for. */
class ChangeRulesTest {

    @Test
    void shouldNormaliseAChangeOfTheChangeableFields() {
        // when
        JsonNode changes = ChangeRules.forKind(ReferenceKind.CLOUD_OFFER)
                .validate(json("{\"hourly_cost_usd\": 95, \"gpus_per_instance\": 8}"));

        // then the decimal keeps a fraction digit, the whole number stays whole
        assertThat(changes.toString()).isEqualTo("{\"hourly_cost_usd\":95.0,\"gpus_per_instance\":8}");
    }

    @Test
    void shouldRefuseAFieldThatIsPartOfTheItemsIdentityNamingWhatMayChange() {
        ProblemException refused = catchThrowableOfType(ProblemException.class, () -> ChangeRules
                .forKind(ReferenceKind.CLOUD_OFFER).validate(json("{\"gpu_model\": \"B200\"}")));

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.errors()).containsExactly(new FieldError("gpu_model",
                "cannot be changed; changeable: [hourly_cost_usd, gpus_per_instance]"));
    }

    @Test
    void shouldNameEveryFieldThatIsOutOfRangeAndApplyNothing() {
        ProblemException refused = catchThrowableOfType(ProblemException.class, () -> ChangeRules
                .forKind(ReferenceKind.TOKEN_TIER)
                .validate(json("{\"token_price_usd_per_hour\": 0, \"uptime\": 1.2, \"growth\": 0.1}")));

        assertThat(refused.errors()).containsExactly(
                new FieldError("token_price_usd_per_hour", "must be greater than 0"),
                new FieldError("uptime", "must be at most 1"));
    }

    @Test
    void shouldRefuseAnEmptyChangeOrOneThatIsNotAnObject() {
        for (String body : new String[] {"{}", "[]", "42"}) {
            ProblemException refused = catchThrowableOfType(ProblemException.class,
                    () -> ChangeRules.forKind(ReferenceKind.REGION).validate(json(body)));

            assertThat(refused.errors()).as(body).extracting(FieldError::field).containsExactly("body");
        }
    }

    @Test
    void shouldAllowNoChangeOfKindsWithoutAWriteApi() {
        for (ReferenceKind kind : new ReferenceKind[] {ReferenceKind.MARKET, ReferenceKind.CONSTANT}) {
            ProblemException refused = catchThrowableOfType(ProblemException.class, () -> ChangeRules.forKind(kind));

            assertThat(refused.status()).as(kind.name()).isEqualTo(405);
        }
    }

    @Test
    void shouldLetATaskTypesNamesDurationAndRequirementsChange() {
        assertThat(ChangeRules.forKind(ReferenceKind.TASK_TYPE).fields()).containsExactly("name", "name_ar",
                "gpu_seconds_per_task", "parallelizable", "latency_sensitive", "min_tops_required",
                "market_size_billions_usd");
    }
}
