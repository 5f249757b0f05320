package io.nhp.sim.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.nhp.modeldata.ModelData;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class FleetModelTest {

    private static final JsonNode XIAOMI = ModelData.partners(List.of("xiaomi")).get("xiaomi");
    private final List<FleetPlan.Phone> fleet = FleetPlan.draw("xiaomi", XIAOMI, 4000, Map.of(), 0.03, 0.02, 7);

    @Test
    void shouldDrawTheSameFleetFromTheSameSeed() {
        assertThat(FleetPlan.draw("xiaomi", XIAOMI, 4000, Map.of(), 0.03, 0.02, 7)).isEqualTo(fleet);
        assertThat(FleetPlan.draw("xiaomi", XIAOMI, 4000, Map.of(), 0.03, 0.02, 8)).isNotEqualTo(fleet);
    }

    @Test
    void shouldDrawModelsByUnitsSoldAndMarketsEquallyWithTheirTimeZones() {
        // Xiaomi sold 113 M units of its six models; the Redmi Note 13 50 M of them
        assertThat(share(FleetPlan.Phone::model, "Redmi Note 13")).isCloseTo(50.0 / 113, within(0.03));
        assertThat(share(FleetPlan.Phone::model, "Xiaomi 14 Ultra")).isCloseTo(3.0 / 113, within(0.01));
        // five markets, equal weights
        assertThat(share(FleetPlan.Phone::market, "India")).isCloseTo(0.2, within(0.03));
        assertThat(fleet).filteredOn(p -> p.market().equals("India")).allMatch(p -> p.zone().equals(ZoneId.of("Asia/Kolkata")));
        assertThat(fleet).filteredOn(p -> p.market().equals("EU")).extracting(p -> p.zone().getId())
                .allMatch(zone -> zone.startsWith("Europe/"));
        // and the bad apples
        assertThat(share(p -> p.behaviour().name(), "FAULTY")).isCloseTo(0.03, within(0.01));
        assertThat(share(p -> p.behaviour().name(), "DISHONEST")).isCloseTo(0.02, within(0.01));
        // owners have two phones
        assertThat(fleet.stream().map(FleetPlan.Phone::ownerId).distinct().count()).isEqualTo(2000);
    }

    @Test
    void shouldWeighMarketsAsConfigured() {
        List<FleetPlan.Phone> indian = FleetPlan.draw("xiaomi", XIAOMI, 4000, Map.of("India", 6.0), 0, 0, 7);
        assertThat(indian.stream().filter(p -> p.market().equals("India")).count() / 4000.0)
                .isCloseTo(0.6, within(0.03));
    }

    @Test
    void shouldMakeMostPhonesFitDeepInTheNightAndNoneInTheAfternoon() {
        assertThat(fitAt(2, 0)).isBetween(0.6, 0.9);
        assertThat(fitAt(14, 0)).isLessThan(0.01);
        assertThat(fitAt(19, 0)).isLessThan(0.01);
        // fewer in the early evening (not all plugged in and asleep yet) and after waking up
        assertThat(fitAt(22, 30)).isLessThan(fitAt(2, 0));
        assertThat(fitAt(8, 30)).isLessThan(0.1);
    }

    @Test
    void shouldCarryANightAcrossMidnight() {
        // the minutes either side of midnight are consecutive, and the share hardly moves across it
        assertThat(Night.minuteFromNoon(23, 59) + 1).isEqualTo(Night.minuteFromNoon(0, 0));
        assertThat(fitAt(0, 1)).isCloseTo(fitAt(23, 59), within(0.03));
        // a phone plugged in at 23:30 and unplugged at 07:00 charges through midnight
        Night night = new Night(Night.minuteFromNoon(23, 30), Night.minuteFromNoon(23, 45), Night.minuteFromNoon(6, 30),
                Night.minuteFromNoon(7, 0), 10, 30, true, false, Night.Incident.NONE, Night.Incident.NONE,
                Night.Incident.NONE);
        assertThat(night.at(Night.minuteFromNoon(0, 30), false).charging()).isTrue();
        assertThat(night.at(Night.minuteFromNoon(0, 30), false).batteryPct()).isEqualTo(10 + (int) (60 * 1.2));
        assertThat(night.at(Night.minuteFromNoon(0, 30), false).looksEligible()).isTrue();
        assertThat(night.at(Night.minuteFromNoon(7, 30), false).charging()).isFalse();
        // computing warms the phone and marks it busy
        assertThat(night.at(Night.minuteFromNoon(1, 0), true).batteryTempC())
                .isEqualTo(night.at(Night.minuteFromNoon(1, 0), false).batteryTempC() + 5);
    }

    @Test
    void shouldReportOnlyWhatDeviceRegistryAccepts() {
        for (FleetPlan.Phone phone : fleet) {
            for (int minute = 0; minute < 1440; minute += 7) {
                PhoneState state = phone.night().at(minute, minute % 2 == 0);
                assertThat(state.batteryPct()).as(phone + " at " + minute).isBetween(0, 100);
                assertThat(state.batteryTempC()).isBetween(-20.0, 90.0);
                assertThat(state.cpuLoadPct()).isBetween(0, 100);
            }
        }
    }

    @Test
    void shouldRunTheOwnersClockFasterWhenAccelerated() {
        Instant start = Instant.parse("2026-11-23T12:00:00Z");
        SimClock demo = new SimClock(60, start, LocalTime.of(21, 30));
        ZoneId kolkata = ZoneId.of("Asia/Kolkata");
        assertThat(demo.minuteFromNoon(start, kolkata)).isEqualTo(Night.minuteFromNoon(21, 30));
        assertThat(demo.minuteFromNoon(start.plusSeconds(30), kolkata)).isEqualTo(Night.minuteFromNoon(22, 0));
        assertThat(demo.minuteFromNoon(start.plus(Duration.ofMinutes(15)), ZoneId.of("America/Sao_Paulo")))
                .isEqualTo(Night.minuteFromNoon(12, 30)); // wrapped to the next day, the same everywhere
        assertThat(demo.real(Duration.ofSeconds(60))).isEqualTo(Duration.ofSeconds(1));
        // at speed 1 each owner lives in real local time
        SimClock real = new SimClock(1, start, LocalTime.of(21, 30));
        assertThat(real.minuteFromNoon(Instant.parse("2026-11-23T20:00:00Z"), kolkata))
                .isEqualTo(Night.minuteFromNoon(1, 30));
    }

    private double fitAt(int hour, int minute) {
        int at = Night.minuteFromNoon(hour, minute);
        return fleet.stream().filter(p -> p.night().at(at, false).looksEligible()).count() / (double) fleet.size();
    }

    private double share(Function<FleetPlan.Phone, String> attribute, String value) {
        Map<String, Long> counts = fleet.stream().collect(Collectors.groupingBy(attribute, Collectors.counting()));
        return counts.getOrDefault(value, 0L) / (double) fleet.size();
    }
}
