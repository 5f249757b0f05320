package io.nhp.pricing.domain;

import static io.nhp.pricing.domain.TestJson.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

/** What one field of reference data may hold, and how a valid value is stored. */
class FieldRuleTest {

    @Test
    void shouldRefuseAPriceOfZeroButAcceptAnyPositiveOne() {
        FieldRule price = FieldRule.positive("hourly_cost_usd");

        assertThat(price.problem(json("0"))).hasValue("must be greater than 0");
        assertThat(price.problem(json("-1.5"))).hasValue("must be greater than 0");
        assertThat(price.problem(json("0.0001"))).isEmpty();
    }

    @Test
    void shouldAcceptZeroWhereTheRuleIncludesIt() {
        assertThat(FieldRule.nonNegative("growth").problem(json("0"))).isEmpty();
        assertThat(FieldRule.nonNegative("growth").problem(json("-0.1"))).hasValue("must be at least 0");
        assertThat(FieldRule.whole("integration_months", 6).problem(json("5"))).hasValue("must be at least 6");
        assertThat(FieldRule.whole("integration_months", 6).problem(json("6"))).isEmpty();
    }

    @Test
    void shouldKeepSharesWithinZeroAndOneAndPercentagesWithinZeroAndAHundred() {
        assertThat(FieldRule.share("uptime").problem(json("1"))).isEmpty();
        assertThat(FieldRule.share("uptime").problem(json("1.01"))).hasValue("must be at most 1");
        assertThat(FieldRule.percent("smartphone_market_share_pct").problem(json("100"))).isEmpty();
        assertThat(FieldRule.percent("smartphone_market_share_pct").problem(json("100.5"))).hasValue("must be at most 100");
    }

    @Test
    void shouldRefuseNumbersOverABillionUnlessTheRuleAllowsMore() {
        FieldRule requests = FieldRule.whole("daily_requests", 0);

        assertThat(requests.problem(json("1000000001"))).hasValue("must be at most 1000000000");
        assertThat(requests.upTo(1_000_000_000_000L).problem(json("1000000001"))).isEmpty();
    }

    @Test
    void shouldRefuseAValueOfTheWrongType() {
        assertThat(FieldRule.positiveWhole("gpus_per_instance").problem(json("8.5"))).hasValue("must be a whole number");
        assertThat(FieldRule.positive("hourly_cost_usd").problem(json("\"98.32\""))).hasValue("must be a number");
        assertThat(FieldRule.bool("latency_sensitive").problem(json("\"true\""))).hasValue("must be true or false");
        assertThat(FieldRule.text("name").problem(json("42"))).isPresent();
    }

    @Test
    void shouldRefuseBlankTextAndTextOverTheLimit() {
        FieldRule name = FieldRule.text("name");

        assertThat(name.problem(json("\"  \""))).hasValue("must be non-blank text of at most 256 characters");
        assertThat(name.problem(json("\"" + "a".repeat(FieldRule.MAX_TEXT + 1) + "\""))).isPresent();
        assertThat(name.problem(json("\"" + "a".repeat(FieldRule.MAX_TEXT) + "\""))).isEmpty();
    }

    @Test
    void shouldStoreDecimalsExactlyAndAlwaysWithAFractionDigit() {
        FieldRule price = FieldRule.positive("hourly_cost_usd");

        assertThat(price.normalize(json("95")).decimalValue()).isEqualByComparingTo("95").hasToString("95.0");
        assertThat(price.normalize(json("98.32")).decimalValue()).isEqualTo(new BigDecimal("98.32"));
        assertThat(FieldRule.positiveWhole("gpus_per_instance").normalize(json("8")).isIntegralNumber()).isTrue();
    }
}
