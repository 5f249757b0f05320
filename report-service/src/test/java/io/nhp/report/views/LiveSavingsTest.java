package io.nhp.report.views;

import static org.assertj.core.api.Assertions.assertThat;

import io.nhp.contracts.events.SavingsEvent;
import io.nhp.contracts.events.SavingsEvent.Savings;
import io.smallrye.mutiny.helpers.test.AssertSubscriber;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A partner's live savings stream, as an SSE client consumes it: one event requested at a time. */
class LiveSavingsTest {

    private static final Instant MINUTE = Instant.parse("2026-11-23T03:00:00Z");
    private final LiveSavings savings = new LiveSavings();

    private static SavingsEvent event(String partner, boolean daily) {
        Instant start = daily ? MINUTE.truncatedTo(java.time.temporal.ChronoUnit.DAYS) : MINUTE;
        Instant end = daily ? start.plus(Duration.ofDays(1)) : start.plusSeconds(60);
        return SavingsEvent.of("/nhp/economics-service", new Savings(partner, start, end, 3L, new BigDecimal("0.5"),
                Map.of("aws_h100", new BigDecimal("6.145")), new BigDecimal("0.1"),
                Map.of("aws_h100", new BigDecimal("6.045")), null, null, null, null), daily, MINUTE.plusSeconds(65));
    }

    @Test
    void aMinuteAndItsDayArrivingTogetherReachASubscriberThatAsksForOneAtATime() {
        // given xiaomi subscribed, with demand for a single event
        AssertSubscriber<SavingsEvent> subscriber = savings.arrivals("xiaomi").subscribe()
                .withSubscriber(AssertSubscriber.create(1));

        // when a closed minute and its day's running total arrive back to back, with another partner's in between
        SavingsEvent minute = event("xiaomi", false);
        SavingsEvent day = event("xiaomi", true);
        savings.update(minute);
        savings.update(event("samsung", false));
        savings.update(day);

        // then the stream is still open, and the day comes once the first event is written
        subscriber.assertNotTerminated().assertItems(minute);
        subscriber.request(1);
        subscriber.assertNotTerminated().assertItems(minute, day);
        assertThat(savings.day("xiaomi", day.data().windowStart().atZone(java.time.ZoneOffset.UTC).toLocalDate()))
                .contains(day.data());
    }

    @Test
    void shouldAddUpPhonesCloudCanariesAndDissentOverThePartnersDays() {
        // given two days of xiaomi's, each with jobs served by phones and by the cloud, a canary and a cheat caught
        Instant day1 = MINUTE.truncatedTo(java.time.temporal.ChronoUnit.DAYS);
        Instant day2 = day1.plus(Duration.ofDays(1));
        for (Instant day : java.util.List.of(day1, day2)) {
            savings.update(SavingsEvent.of("/nhp/economics-service", new Savings("xiaomi", day, day.plus(Duration.ofDays(1)),
                    3L, new BigDecimal("0.5"), Map.of("aws_h100", new BigDecimal("6.145")), new BigDecimal("0.1"),
                    Map.of("aws_h100", new BigDecimal("6.045")), null, null, null, null, 2L, new BigDecimal("0.25"),
                    Map.of("aws_h100", new BigDecimal("3.0725")), 1L, new BigDecimal("0.01"), 1L), true, day.plusSeconds(65)));
        }

        // when the partner's savings to date are read
        Savings toDate = savings.toDate("xiaomi").orElseThrow();

        // then every figure is the sum of its days'
        assertThat(toDate.jobs()).isEqualTo(6);
        assertThat(toDate.cloudJobs()).isEqualTo(4);
        assertThat(toDate.cloudGpuHours()).isEqualByComparingTo("0.5");
        assertThat(toDate.cloudCostUsd().get("aws_h100")).isEqualByComparingTo("6.145");
        assertThat(toDate.canaryJobs()).isEqualTo(2);
        assertThat(toDate.platformPayoutsUsd()).isEqualByComparingTo("0.02");
        assertThat(toDate.dissentingResults()).isEqualTo(2);
    }
}
