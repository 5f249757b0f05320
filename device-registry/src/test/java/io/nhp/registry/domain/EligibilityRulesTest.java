package io.nhp.registry.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.nhp.contracts.events.ActiveHours;
import io.nhp.contracts.events.HeartbeatEvent;
import io.nhp.contracts.events.NetworkType;
import io.nhp.contracts.events.ThermalStatus;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EligibilityRulesTest {

    final EligibilityRules rules = new EligibilityRules(20, 40.0, ThermalStatus.LIGHT, Duration.ofMinutes(5));

    @Test
    void shouldFindAnIdleChargingPhoneOnWifiEligible() {
        assertThat(rules.conditions(heartbeat(true, 80, 31.5, NetworkType.WIFI, true, null), null, null)).isEmpty();
    }

    @Test
    void shouldGiveEveryReasonAtOnce() {
        assertThat(rules.conditions(heartbeat(false, 12, 44.0, NetworkType.CELLULAR, false, ThermalStatus.SEVERE),
                new ActiveHours(LocalTime.of(9, 0), LocalTime.of(17, 0)), LocalClock.UTC))
                .containsExactly(Reason.NOT_CHARGING, Reason.METERED_NETWORK, Reason.SCREEN_ON, Reason.LOW_BATTERY,
                        Reason.TOO_HOT, Reason.OUTSIDE_ACTIVE_HOURS);
    }

    @Test
    void shouldAcceptTheThresholdsThemselves() {
        assertThat(rules.conditions(heartbeat(true, 20, 40.0, NetworkType.ETHERNET, true, ThermalStatus.LIGHT),
                null, null)).isEmpty();
    }

    @ParameterizedTest(name = "{0} in 22:00-07:00 is {1}")
    @CsvSource({"21:59,false", "22:00,true", "23:59,true", "00:00,true", "06:59,true", "07:00,false", "12:00,false"})
    void shouldHandleAWindowAcrossMidnight(String time, boolean inside) {
        assertThat(EligibilityRules.within(new ActiveHours(LocalTime.of(22, 0), LocalTime.of(7, 0)),
                LocalTime.parse(time))).isEqualTo(inside);
    }

    @ParameterizedTest(name = "{0} in 09:00-17:00 is {1}")
    @CsvSource({"08:59,false", "09:00,true", "16:59,true", "17:00,false"})
    void shouldHandleAWindowWithinADay(String time, boolean inside) {
        assertThat(EligibilityRules.within(new ActiveHours(LocalTime.of(9, 0), LocalTime.of(17, 0)),
                LocalTime.parse(time))).isEqualTo(inside);
    }

    @Test
    void shouldReadTheWindowInTheDevicesTimeZone() {
        var nights = new ActiveHours(LocalTime.of(22, 0), LocalTime.of(7, 0));
        var at2300Utc = heartbeat(true, 80, 30.0, NetworkType.WIFI, true, null); // 04:30 in Kolkata, 08:00 in Tokyo

        assertThat(rules.conditions(at2300Utc, nights, LocalClock.of("Asia/Kolkata"))).isEmpty();
        assertThat(rules.conditions(at2300Utc, nights, LocalClock.of("Asia/Tokyo")))
                .containsExactly(Reason.OUTSIDE_ACTIVE_HOURS);
    }

    static HeartbeatEvent heartbeat(boolean charging, int battery, double temp, NetworkType network, boolean screenOff,
                                    ThermalStatus thermal) {
        Instant at = Instant.parse("2026-11-22T23:00:00Z");
        return new HeartbeatEvent("e", at, at, "d1", "xiaomi", charging, battery, temp, network, screenOff, null, thermal);
    }
}
