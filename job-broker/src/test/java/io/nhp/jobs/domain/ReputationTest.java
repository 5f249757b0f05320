package io.nhp.jobs.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Strikes, cool-off and recovery of a device's standing, time given. */
class ReputationTest {

    static final Instant T0 = Instant.parse("2026-12-06T01:00:00Z");
    static final EligibleDevice CHEATER = new EligibleDevice("d1", "xiaomi", "o1", "india", 34.0);
    static final EligibleDevice OTHER = new EligibleDevice("d2", "samsung", "o2", "india", 34.0);

    final Reputation reputation = new Reputation(new Reputation.Settings(3, Duration.ofHours(1), Duration.ofHours(1), 2));

    @Test
    void shouldCoolADeviceOffAfterThreeStrikesWithinTheWindowForTheCoolOff() {
        // when a device gets three strikes within the hour
        reputation.strike(CHEATER, Reputation.Reason.DISSENT, T0);
        reputation.strike(CHEATER, Reputation.Reason.SPOT_CHECK, T0.plusSeconds(60));
        assertThat(reputation.coolingOff("d1", T0.plusSeconds(61))).as("two strikes").isFalse();
        reputation.strike(CHEATER, Reputation.Reason.CANARY, T0.plusSeconds(120));

        // then it cools off for an hour from the third, and comes back with a clean slate
        assertThat(reputation.coolingOff("d1", T0.plusSeconds(120))).isTrue();
        assertThat(reputation.coolingOff("d1", T0.plusSeconds(120 + 3599))).isTrue();
        assertThat(reputation.coolingOffByPartner(T0.plusSeconds(130))).isEqualTo(Map.of("xiaomi", 1));
        assertThat(reputation.coolingOff("d1", T0.plusSeconds(120 + 3600))).isFalse();
        assertThat(reputation.strikesOf("d1", T0.plusSeconds(120 + 3600))).isZero();
        assertThat(reputation.coolingOff("d2", T0.plusSeconds(130))).isFalse();
        assertThat(reputation.drainStrikes()).extracting(Reputation.Strike::reason, Reputation.Strike::coolingOff)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(Reputation.Reason.DISSENT, false),
                        org.assertj.core.groups.Tuple.tuple(Reputation.Reason.SPOT_CHECK, false),
                        org.assertj.core.groups.Tuple.tuple(Reputation.Reason.CANARY, true));
        assertThat(reputation.drainStrikes()).isEmpty();
    }

    @Test
    void shouldForgetStrikesOlderThanTheWindow() {
        // given two strikes more than an hour before the third
        reputation.strike(CHEATER, Reputation.Reason.DISSENT, T0);
        reputation.strike(CHEATER, Reputation.Reason.DISSENT, T0.plusSeconds(10));

        // when
        reputation.strike(CHEATER, Reputation.Reason.DISSENT, T0.plusSeconds(3700));

        // then it has one strike in force and is leased work
        assertThat(reputation.coolingOff("d1", T0.plusSeconds(3700))).isFalse();
        assertThat(reputation.strikesOf("d1", T0.plusSeconds(3700))).isEqualTo(1);
    }

    @Test
    void shouldForgiveTheOldestStrikeAfterEnoughAgreeingResults() {
        // given two strikes
        reputation.strike(CHEATER, Reputation.Reason.DISSENT, T0);
        reputation.strike(CHEATER, Reputation.Reason.DISSENT, T0.plusSeconds(1));

        // when it agrees twice (forgive-after 2), then strikes again
        reputation.agreed(CHEATER, T0.plusSeconds(2));
        reputation.agreed(CHEATER, T0.plusSeconds(3));
        assertThat(reputation.strikesOf("d1", T0.plusSeconds(3))).isEqualTo(1);
        reputation.strike(CHEATER, Reputation.Reason.DISSENT, T0.plusSeconds(4));

        // then it has two strikes, not three: no cool-off
        assertThat(reputation.coolingOff("d1", T0.plusSeconds(4))).isFalse();
        assertThat(reputation.strikesOf("d1", T0.plusSeconds(4))).isEqualTo(2);
    }

    @Test
    void shouldRebuildTheSameStandingFromVerdictsRestoredInAnyOrder() {
        // given the verdicts of a device's results, read back from job snapshots out of time order
        var rebuilt = new Reputation(reputation.settings());
        rebuilt.restore(CHEATER, false, T0.plusSeconds(120));
        rebuilt.restore(OTHER, true, T0.plusSeconds(5));
        rebuilt.restore(CHEATER, false, T0);
        rebuilt.restore(CHEATER, false, T0.plusSeconds(60));

        // then it is in cool-off from its third strike, as before the restart; nothing is counted again
        assertThat(rebuilt.coolingOff("d1", T0.plusSeconds(121))).isTrue();
        assertThat(rebuilt.coolingOff("d1", T0.plusSeconds(120 + 3600))).isFalse();
        assertThat(rebuilt.coolingOffByPartner(T0.plusSeconds(121))).isEqualTo(Map.of("xiaomi", 1));
        assertThat(rebuilt.drainStrikes()).isEmpty();
    }

    @Test
    void shouldNotStrikeAgainForResultsLeasedBeforeTheCoolOffBegan() {
        // given a device in cool-off
        for (int i = 0; i < 3; i++) {
            reputation.strike(CHEATER, Reputation.Reason.DISSENT, T0.plusSeconds(i));
        }

        // when a wrong result of an earlier lease is judged during the cool-off
        reputation.strike(CHEATER, Reputation.Reason.DISSENT, T0.plusSeconds(600));

        // then the cool-off is not prolonged, and afterwards the slate is clean
        assertThat(reputation.coolingOff("d1", T0.plusSeconds(2 + 3600))).isFalse();
        assertThat(reputation.strikesOf("d1", T0.plusSeconds(2 + 3600))).isZero();
    }
}
