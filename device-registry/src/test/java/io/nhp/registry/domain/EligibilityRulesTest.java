package io.nhp.registry.domain;

import static io.nhp.registry.domain.EligibilityRules.Reason.LOW_BATTERY;
import static io.nhp.registry.domain.EligibilityRules.Reason.METERED_NETWORK;
import static io.nhp.registry.domain.EligibilityRules.Reason.NOT_CHARGING;
import static io.nhp.registry.domain.EligibilityRules.Reason.SCREEN_ON;
import static io.nhp.registry.domain.EligibilityRules.Reason.TOO_HOT;
import static org.assertj.core.api.Assertions.assertThat;

import io.nhp.contracts.events.HeartbeatEvent;
import io.nhp.contracts.events.NetworkType;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class EligibilityRulesTest {

    private final EligibilityRules rules = new EligibilityRules(30, 40.0);

    @Test
    void shouldFindIdleChargingPhoneOnWifiEligible() {
        assertThat(rules.ineligibleReasons(heartbeat(true, 80, 31.5, NetworkType.WIFI, true))).isEmpty();
    }

    @Test
    void shouldGiveEveryReasonAPhoneMayNotCompute() {
        assertThat(rules.ineligibleReasons(heartbeat(false, 12, 44.0, NetworkType.CELLULAR, false)))
                .containsExactly(NOT_CHARGING, METERED_NETWORK, SCREEN_ON, LOW_BATTERY, TOO_HOT);
    }

    @Test
    void shouldAcceptTheThresholdsThemselves() {
        assertThat(rules.ineligibleReasons(heartbeat(true, 30, 40.0, NetworkType.ETHERNET, true))).isEmpty();
    }

    static HeartbeatEvent heartbeat(boolean charging, int battery, double temp, NetworkType network, boolean screenOff) {
        return new HeartbeatEvent("e", Instant.parse("2026-11-22T22:00:00Z"), "d1", "xiaomi", charging, battery, temp,
                network, screenOff);
    }
}
