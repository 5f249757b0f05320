package io.nhp.economics.streams;

import static io.nhp.economics.streams.Jobs.completed;
import static io.nhp.economics.streams.Jobs.canary;
import static io.nhp.economics.streams.Jobs.ran;
import static io.nhp.economics.streams.Jobs.servedByCloud;
import static org.assertj.core.api.Assertions.assertThat;

import io.nhp.contracts.Topics;
import io.nhp.contracts.events.DeadLetterEvent;
import io.nhp.contracts.events.JobCompletedEvent;
import io.nhp.contracts.events.PayoutEvent;
import io.nhp.contracts.events.PayoutEvent.Kind;
import io.nhp.contracts.events.ReferenceDataEvent;
import io.nhp.contracts.events.SavingsEvent;
import io.nhp.contracts.events.SavingsEvent.Savings;
import io.nhp.contracts.serde.Json;
import io.nhp.economics.domain.DeviceDay;
import io.nhp.economics.domain.OwnerDay;
import io.nhp.economics.domain.SavingsDay;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class LedgerTopologyTest {

    /** 10:00:30 UTC: jobs at T complete inside the minute 10:00–10:01. */
    private static final Instant T = Instant.parse("2026-11-22T10:00:30Z");
    private static final Instant MINUTE = Instant.parse("2026-11-22T10:00:00Z");
    private static final Instant DAY = Instant.parse("2026-11-22T00:00:00Z");

    private EconomicsDriver economics;
    private TestOutputTopic<String, PayoutEvent> payouts;
    private TestOutputTopic<String, SavingsEvent> savings;

    private void start(Instant wallClock) {
        economics = new EconomicsDriver(wallClock);
        payouts = economics.output(Topics.ECONOMICS_PAYOUTS);
        savings = economics.output(Topics.ECONOMICS_SAVINGS);
    }

    @AfterEach
    void tearDown() {
        economics.close();
    }

    @Test
    void shouldPriceAJobAgainstEveryCloudOfferAndPayItsOwnersNetOfElectricityInTheirRegions() {
        // given one GPU-hour of work, computed by a phone in China and one in the USA for half an hour each
        start(T);
        pipe(completed("j1", "xiaomi", 3600.0, T, ran("d-cn", "o-1", "china", 1800.0), ran("d-us", "o-2", "usa", 1800.0)));

        // when the minute closes
        economics.advance(Duration.ofSeconds(35));

        // then cost avoided per offer = 1 GPU-hour × instance price ÷ GPUs per instance (cloud-providers.yaml)
        List<SavingsEvent> events = savings.readValuesToList();
        assertThat(events).extracting(SavingsEvent::type).containsExactly(SavingsEvent.WINDOW_TYPE, SavingsEvent.DAILY_TYPE);
        Savings minute = events.get(0).data();
        assertThat(minute.windowStart()).isEqualTo(MINUTE);
        assertThat(minute.windowEnd()).isEqualTo(MINUTE.plusSeconds(60));
        assertThat(minute.jobs()).isEqualTo(1);
        assertThat(minute.gpuHours()).isEqualByComparingTo("1");
        assertThat(minute.avoidedCostUsd()).containsOnlyKeys("aws_a100", "aws_h100", "gcloud_h100", "azure_a100",
                "azure_h100", "lambda_h100", "coreweave_h100");
        assertThat(usd(minute.avoidedCostUsd(), "aws_a100")).isEqualTo("4.096250");    // 32.77 / 8
        assertThat(usd(minute.avoidedCostUsd(), "aws_h100")).isEqualTo("12.290000");   // 98.32 / 8
        assertThat(usd(minute.avoidedCostUsd(), "azure_a100")).isEqualTo("3.400000");  // 27.2 / 8
        assertThat(usd(minute.avoidedCostUsd(), "azure_h100")).isEqualTo("10.695000"); // 85.56 / 8
        assertThat(usd(minute.avoidedCostUsd(), "lambda_h100")).isEqualTo("2.490000"); // 2.49 / 1
        // and payouts: 2 × 0.5 h × $0.20/h (moderate tier) = $0.20, net savings = avoided − payouts
        assertThat(minute.payoutsUsd()).isEqualByComparingTo("0.2");
        assertThat(usd(minute.netSavingsUsd(), "aws_h100")).isEqualTo("12.090000");
        assertThat(usd(minute.netSavingsUsd(), "coreweave_h100")).isEqualTo("2.030000");
        // and the day so far says the same
        assertThat(events.get(1).data().avoidedCostUsd()).isEqualTo(minute.avoidedCostUsd());
        assertThat(events.get(1).data().windowStart()).isEqualTo(DAY);

        // and each owner earns 0.5 h × $0.20 − 0.5 h × 3.5 W / 1000 × the region's $/kWh
        Map<String, PayoutEvent> entries = payouts.readKeyValuesToMap();
        PayoutEvent china = entries.get("d-cn");
        assertThat(china.kind()).isEqualTo(Kind.ENTRY);
        assertThat(china.jobId()).isEqualTo("j1");
        assertThat(china.grossUsd()).isEqualTo("0.100000");
        assertThat(china.electricityUsd()).isEqualTo("0.000140"); // 0.00175 kWh × $0.08
        assertThat(china.netUsd()).isEqualTo("0.099860");
        assertThat(china.energyKwh()).isEqualTo("0.001750");
        assertThat(china.co2Kg()).isEqualByComparingTo("0.0007");
        PayoutEvent usa = entries.get("d-us");
        assertThat(usa.electricityUsd()).isEqualTo("0.000280"); // 0.00175 kWh × $0.16
        assertThat(usa.netUsd()).isEqualTo("0.099720");
        assertThat(minute.ownerElectricityUsd()).isEqualTo("0.000420");
        assertThat(minute.ownerNetUsd()).isEqualTo("0.199580");
        assertThat(minute.energyKwh()).isEqualTo("0.003500");
        assertThat(minute.co2Kg()).isEqualByComparingTo("0.0014");
    }

    @Test
    void shouldApplyAPriceChangeOnlyToJobsCompletedAfterIt() {
        // given a job at 10:00
        start(T);
        pipe(completed("before", "xiaomi", 3600.0, T, ran("d1", "o-1", "china", 60.0)));
        // when AWS H100 drops to $80/instance-hour from 12:00, and then a job of 11:00 and one of 13:00 arrive
        ReferenceDataEvent aws = EconomicsDriver.seed().stream().filter(i -> i.key().equals("cloud:aws_h100"))
                .findFirst().orElseThrow();
        Instant noon = Instant.parse("2026-11-22T12:00:00Z");
        ReferenceDataEvent cheaper = aws.next(((com.fasterxml.jackson.databind.node.ObjectNode) aws.data().deepCopy()).put("hourly_cost_usd", 80.0), noon, "admin");
        economics.prices.pipeInput(cheaper.key(), cheaper, noon);
        pipe(completed("late-but-earlier", "xiaomi", 3600.0, Instant.parse("2026-11-22T11:00:00Z"),
                ran("d1", "o-1", "china", 60.0)));
        pipe(completed("after", "xiaomi", 3600.0, Instant.parse("2026-11-22T13:00:00Z"), ran("d1", "o-1", "china", 60.0)));

        // then the two earlier jobs are priced at $12.29/GPU-hour and the later one at $10
        SavingsDay day = savingsDay("xiaomi", DAY);
        assertThat(day.tally().avoidedCostUsd().get("aws_h100")).isEqualTo("34.580000");
        assertThat(day.tally().avoidedCostUsd().get("azure_h100")).isEqualTo("32.085000"); // unchanged offer
    }

    @Test
    void shouldCreditADuplicateCompletionOnce() {
        // given a completion delivered twice, the second time re-sent under a new event id a second later
        start(T);
        JobCompletedEvent job = completed("j1", "xiaomi", 0.5, T, ran("d1", "o-1", "india", 2.0), ran("d2", "o-2", "india", 2.5));
        pipe(job);
        pipe(job);
        pipe(completed("j1", "xiaomi", 0.5, T.plusSeconds(1), ran("d1", "o-1", "india", 2.0), ran("d2", "o-2", "india", 2.5)));

        // then each device is credited once and the job counts once
        List<PayoutEvent> entries = payouts.readValuesToList();
        assertThat(entries).extracting(PayoutEvent::deviceId).containsExactlyInAnyOrder("d1", "d2");
        economics.advance(Duration.ofSeconds(35));
        assertThat(savings.readValuesToList()).extracting(e -> e.data().jobs()).containsExactly(1L, 1L);
        assertThat(deviceDay("d1", DAY).jobs()).isEqualTo(1);
    }

    @Test
    void shouldIgnoreResultsThatWereNotValidated() {
        start(T);
        JobCompletedEvent job = completed("j1", "xiaomi", 0.5, T, ran("d1", "o-1", "india", 2.0));
        pipe(new JobCompletedEvent(job.eventId(), job.eventTime(), job.jobId(), job.partner(), job.taskType(),
                job.gpuSeconds(), job.resultHash(), false, job.submittedAt(), job.executions(), List.of()));
        economics.advance(Duration.ofSeconds(35));
        assertThat(payouts.isEmpty()).isTrue();
        assertThat(savings.isEmpty()).isTrue();
    }

    @Test
    void shouldCloseEachMinuteOnceAfterItsGraceAndPublishTheDayWithIt() {
        // given jobs in the minute 10:00 and one in the minute 10:01
        start(T);
        pipe(completed("a", "xiaomi", 0.5, T, ran("d1", "o-1", "india", 1.0)));
        pipe(completed("b", "xiaomi", 0.5, T.plusSeconds(20), ran("d2", "o-2", "india", 1.0)));
        pipe(completed("c", "xiaomi", 0.5, T.plusSeconds(40), ran("d1", "o-1", "india", 1.0)));

        // when the first minute has ended but its grace has not
        economics.advance(Duration.ofSeconds(32)); // 10:01:02
        assertThat(savings.isEmpty()).isTrue();
        // then after the grace: that minute (2 jobs) and the day so far, once
        economics.advance(Duration.ofSeconds(4)); // 10:01:06
        List<SavingsEvent> first = savings.readValuesToList();
        assertThat(first).extracting(SavingsEvent::type, e -> e.data().jobs())
                .containsExactly(org.assertj.core.groups.Tuple.tuple(SavingsEvent.WINDOW_TYPE, 2L),
                        org.assertj.core.groups.Tuple.tuple(SavingsEvent.DAILY_TYPE, 3L));
        assertThat(first.get(0).subject()).isEqualTo("xiaomi");
        assertThat(first.get(0).source()).isEqualTo(LedgerTopology.SOURCE);
        assertThat(first.get(0).specversion()).isEqualTo("1.0");
        economics.advance(Duration.ofSeconds(30)); // 10:01:36: nothing new closed
        assertThat(savings.isEmpty()).isTrue();
        // and the second minute closes later, alone
        economics.advance(Duration.ofSeconds(30)); // 10:02:06
        assertThat(savings.readValuesToList()).extracting(SavingsEvent::type, e -> e.data().jobs())
                .containsExactly(org.assertj.core.groups.Tuple.tuple(SavingsEvent.WINDOW_TYPE, 1L),
                        org.assertj.core.groups.Tuple.tuple(SavingsEvent.DAILY_TYPE, 3L));
    }

    @Test
    void shouldPublishEachDevicesStatementOnceItsDayHasClosed() {
        // given a device computes three jobs on one day
        Instant evening = Instant.parse("2026-11-22T23:50:00Z");
        start(evening);
        for (int i = 0; i < 3; i++) {
            pipe(completed("j" + i, "xiaomi", 0.5, evening.plusSeconds(i), ran("d1", "o-1", "brazil", 7.0 + i)));
        }
        List<PayoutEvent> entries = payouts.readValuesToList();

        // when the day has ended and the grace passed
        economics.advance(Duration.ofMinutes(25));

        // then one statement, equal to the sum of the entries, and to hours × rate − electricity
        List<PayoutEvent> statements = payouts.readValuesToList();
        assertThat(statements).hasSize(1);
        PayoutEvent statement = statements.get(0);
        assertThat(statement.kind()).isEqualTo(Kind.STATEMENT);
        assertThat(statement.day()).isEqualTo(LocalDate.parse("2026-11-22"));
        assertThat(statement.jobs()).isEqualTo(3);
        assertThat(statement.computeSeconds()).isEqualByComparingTo("24"); // 7 + 8 + 9
        assertThat(statement.grossUsd()).isEqualTo(sum(entries, PayoutEvent::grossUsd));
        assertThat(statement.netUsd()).isEqualTo(sum(entries, PayoutEvent::netUsd));
        BigDecimal gross = new BigDecimal("24").multiply(new BigDecimal("0.2"))
                .divide(new BigDecimal("3600"), 6, RoundingMode.HALF_EVEN);
        BigDecimal electricity = new BigDecimal("24").multiply(new BigDecimal("3.5")).multiply(new BigDecimal("0.15"))
                .divide(new BigDecimal("3600000"), 6, RoundingMode.HALF_EVEN);
        assertThat(statement.grossUsd()).isEqualTo(gross);
        assertThat(statement.netUsd()).isEqualTo(gross.subtract(electricity));
        assertThat(statement.tokenRateUsdPerHour()).isEqualByComparingTo("0.2");
        economics.advance(Duration.ofMinutes(10));
        assertThat(payouts.isEmpty()).isTrue();
    }

    @Test
    void shouldKeepTheLedgerSavingsAndCo2Consistent() {
        // given jobs of two partners over two days, on 40 devices in four regions
        start(T);
        Random random = new Random(7);
        String[] regions = {"china", "india", "eu", "no-such-region"};
        Instant at = T;
        for (int i = 0; i < 150; i++) {
            at = at.plusSeconds(random.nextInt(1200));
            int device = random.nextInt(40);
            int other = (device + 2 + 2 * random.nextInt(19)) % 40; // same partner, another phone
            pipe(completed("j" + i, device % 2 == 0 ? "xiaomi" : "samsung", 0.3 + random.nextInt(100) / 7.0, at,
                    ran("d" + device, "o" + device / 3, regions[device % 4], 0.1 + random.nextInt(1000) / 3.0),
                    ran("d" + other, "o" + other / 3, regions[other % 4], 0.1 + random.nextInt(1000) / 3.0)));
        }
        // when every day has closed
        economics.advance(Duration.between(T, at.truncatedTo(java.time.temporal.ChronoUnit.DAYS).plus(Duration.ofDays(1)))
                .plus(EconomicsDriver.SETTINGS.statementGrace()).plusSeconds(1));
        List<PayoutEvent> ledger = payouts.readValuesToList();
        List<PayoutEvent> entries = ledger.stream().filter(e -> e.kind() == Kind.ENTRY).toList();
        List<PayoutEvent> statements = ledger.stream().filter(e -> e.kind() == Kind.STATEMENT).toList();
        List<SavingsEvent> published = savings.readValuesToList();

        // then for every partner-day: Σ owner payouts = the payouts of its savings; Σ minutes = the day
        Map<String, List<PayoutEvent>> byPartnerDay = entries.stream()
                .collect(Collectors.groupingBy(e -> e.partner() + "|" + e.day()));
        assertThat(byPartnerDay).hasSizeGreaterThan(2);
        byPartnerDay.forEach((partnerDay, its) -> {
            String partner = partnerDay.substring(0, partnerDay.indexOf('|'));
            Instant dayStart = its.get(0).day().atStartOfDay(java.time.ZoneOffset.UTC).toInstant();
            Savings daily = latestDaily(published, partner, dayStart);
            assertThat(daily.payoutsUsd()).isEqualTo(sum(its, PayoutEvent::grossUsd));
            assertThat(daily.ownerNetUsd()).isEqualTo(sum(its, PayoutEvent::netUsd));
            List<Savings> minutes = published.stream().filter(e -> e.type().equals(SavingsEvent.WINDOW_TYPE))
                    .map(SavingsEvent::data)
                    .filter(s -> s.partner().equals(partner) && !s.windowStart().isBefore(dayStart)
                            && s.windowStart().isBefore(dayStart.plus(Duration.ofDays(1))))
                    .toList();
            assertThat(minutes.stream().mapToLong(Savings::jobs).sum()).isEqualTo(daily.jobs());
            assertThat(minutes.stream().map(s -> s.avoidedCostUsd().get("aws_h100")).reduce(BigDecimal.ZERO, BigDecimal::add))
                    .isEqualTo(daily.avoidedCostUsd().get("aws_h100"));
            // Σ device kWh × 0.4 = CO2 added
            assertThat(daily.co2Kg()).isEqualByComparingTo(sum(its, PayoutEvent::energyKwh).multiply(new BigDecimal("0.4")));
        });
        // and every device-day's statement is the sum of its entries
        Map<String, PayoutEvent> statementByDeviceDay = new HashMap<>();
        statements.forEach(s -> statementByDeviceDay.put(s.deviceId() + "|" + s.day(), s));
        entries.stream().collect(Collectors.groupingBy(e -> e.deviceId() + "|" + e.day())).forEach((deviceDay, its) -> {
            PayoutEvent statement = statementByDeviceDay.get(deviceDay);
            assertThat(statement).as(deviceDay).isNotNull();
            assertThat(statement.netUsd()).isEqualTo(sum(its, PayoutEvent::netUsd));
            assertThat(statement.jobs()).isEqualTo(its.size());
        });
        // and an owner's day is the sum of its devices' entries
        PayoutEvent any = entries.get(0);
        OwnerDay owner = economics.driver.<String, OwnerDay>getTimestampedWindowStore(LedgerTopology.OWNER_DAYS_STORE)
                .fetch(any.ownerId(), any.day().atStartOfDay(java.time.ZoneOffset.UTC).toInstant().toEpochMilli()).value();
        assertThat(owner.total().netUsd()).isEqualTo(sum(entries.stream()
                .filter(e -> e.ownerId().equals(any.ownerId()) && e.day().equals(any.day())).toList(), PayoutEvent::netUsd));
    }

    @Test
    void shouldSendAJobThatCannotBePricedToTheDeadLetterTopic() {
        // given the live tier names a tier the reference data does not have
        economics = new EconomicsDriver(T, new LedgerTopology.Settings("platinum", Duration.ofSeconds(5),
                Duration.ofMinutes(10), Duration.ofDays(400)));
        TestOutputTopic<String, DeadLetterEvent> deadLetters = economics.output(Topics.DEAD_LETTER);
        payouts = economics.output(Topics.ECONOMICS_PAYOUTS);

        pipe(completed("j1", "xiaomi", 0.5, T, ran("d1", "o-1", "india", 2.0)));

        // then its letter, keyed by its topic, names its place, the job and why, and nobody is paid
        var dead = deadLetters.readRecord();
        assertThat(dead.key()).isEqualTo(Topics.JOBS_COMPLETED.name());
        assertThat(dead.value()).extracting(DeadLetterEvent::service, DeadLetterEvent::sourceTopic,
                        DeadLetterEvent::partition, DeadLetterEvent::offset, DeadLetterEvent::key)
                .containsExactly("economics-service", Topics.JOBS_COMPLETED.name(), 0, 0L, "j1");
        assertThat(dead.value().reason()).contains("tier:platinum");
        assertThat(dead.value().value()).contains("\"jobId\":\"j1\"");
        assertThat(payouts.isEmpty()).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenFigures")
    void shouldDeadLetterACompletionWhoseFiguresCannotBePaidAndPayTheNextOne(String figure, String written,
                                                                          String reason) throws Exception {
        // given a completion whose figure is written on the topic as a broken job-broker would have written it
        start(T);
        TestOutputTopic<String, DeadLetterEvent> deadLetters = economics.output(Topics.DEAD_LETTER);
        String json = Json.MAPPER.writeValueAsString(completed("j-poison", "xiaomi", 3600.0, T,
                ran("d-poison", "o-1", "china", 1800.0)));
        String valid = figure.equals("gpuSeconds") ? "\"gpuSeconds\":3600.0" : "\"deviceSeconds\":1800.0";
        assertThat(json).contains(valid);
        var raw = economics.driver.createInputTopic(Topics.JOBS_COMPLETED.name(), new StringSerializer(),
                new StringSerializer());

        // when it comes, then a valid completion
        raw.pipeInput("j-poison", json.replace(valid, "\"" + figure + "\":" + written), T);
        pipe(completed("j-ok", "xiaomi", 3600.0, T.plusSeconds(1), ran("d-ok", "o-2", "china", 1800.0)));

        // then the broken one is on the dead letters with the reason, and nobody is paid for it
        DeadLetterEvent letter = deadLetters.readValue();
        assertThat(letter).extracting(DeadLetterEvent::sourceTopic, DeadLetterEvent::partition, DeadLetterEvent::offset,
                DeadLetterEvent::key).containsExactly(Topics.JOBS_COMPLETED.name(), 0, 0L, "j-poison");
        assertThat(letter.reason()).isEqualTo(reason + "; must be a finite number of seconds from 0 to 86400");
        assertThat(deadLetters.isEmpty()).isTrue();
        // and the next one is paid
        assertThat(payouts.readKeyValuesToMap()).containsOnlyKeys("d-ok");
    }

    static Stream<Arguments> brokenFigures() {
        return Stream.of(
                Arguments.of("deviceSeconds", "1e400", "deviceSeconds of device d-poison is Infinity"),
                // what Jackson writes for a double that is infinite or not a number
                Arguments.of("deviceSeconds", "\"Infinity\"", "deviceSeconds of device d-poison is Infinity"),
                Arguments.of("deviceSeconds", "\"NaN\"", "deviceSeconds of device d-poison is NaN"),
                Arguments.of("deviceSeconds", "-1800", "deviceSeconds of device d-poison is -1800.0"),
                Arguments.of("deviceSeconds", "86401", "deviceSeconds of device d-poison is 86401.0"),
                Arguments.of("gpuSeconds", "-1e400", "gpuSeconds is -Infinity"));
    }

    @Test
    void shouldCountAJobServedByTheCloudAsCostIncurredAndPayNobody() {
        // given one GPU-hour served by the phones, and a day later the same work served by the partner's cloud after
        // two phones answered wrong (the fallback's result counts even though phones did not validate it)
        start(T);
        pipe(completed("phones", "xiaomi", 3600.0, T, ran("d1", "o-1", "china", 60.0)));
        economics.advance(Duration.ofSeconds(35));
        Savings byPhones = savings.readValuesToList().get(0).data();
        payouts.readValuesToList();
        Instant nextMinute = T.plusSeconds(60);
        JobCompletedEvent cloud = servedByCloud("cloud", "xiaomi", 3600.0, nextMinute, "d-bad", "d-worse");
        pipe(new JobCompletedEvent(cloud.eventId(), cloud.eventTime(), cloud.jobId(), cloud.partner(), cloud.taskType(),
                cloud.gpuSeconds(), cloud.resultHash(), false, cloud.submittedAt(), cloud.executions(),
                cloud.dissentingDevices(), cloud.servedBy(), false, false));

        // when its minute closes
        economics.advance(Duration.ofSeconds(60));

        // then nobody is paid, nothing is avoided, and the cloud cost incurred is what the phones avoided for it
        assertThat(payouts.isEmpty()).isTrue();
        List<SavingsEvent> events = savings.readValuesToList();
        assertThat(events).extracting(SavingsEvent::type).containsExactly(SavingsEvent.WINDOW_TYPE, SavingsEvent.DAILY_TYPE);
        Savings minute = events.get(0).data();
        assertThat(minute.jobs()).isZero();
        assertThat(minute.gpuHours()).isZero();
        assertThat(minute.avoidedCostUsd()).isEmpty();
        assertThat(minute.payoutsUsd()).isZero();
        assertThat(minute.cloudJobs()).isEqualTo(1);
        assertThat(minute.cloudGpuHours()).isEqualTo(byPhones.gpuHours());
        assertThat(minute.cloudCostUsd()).isEqualTo(byPhones.avoidedCostUsd());
        assertThat(minute.dissentingResults()).isEqualTo(2);
        // and the day holds both: the phones' job avoided, the cloud's incurred
        Savings day = events.get(1).data();
        assertThat(day.jobs()).isEqualTo(1);
        assertThat(day.avoidedCostUsd()).isEqualTo(byPhones.avoidedCostUsd());
        assertThat(day.netSavingsUsd()).isEqualTo(byPhones.netSavingsUsd());
        assertThat(day.cloudJobs()).isEqualTo(1);
        assertThat(day.cloudCostUsd()).isEqualTo(byPhones.avoidedCostUsd());
    }

    @Test
    void shouldPayACanarysOwnersOnThePlatformsAccountAndAvoidNothing() {
        // given a platform canary two phones answered right and one wrong
        start(T);
        pipe(canary("check", "xiaomi", 3600.0, T, List.of("d-cheat"), ran("d-cn", "o-1", "china", 1800.0),
                ran("d-us", "o-2", "usa", 1800.0)));

        // when the minute closes
        economics.advance(Duration.ofSeconds(35));

        // then the owners are paid as for any job
        List<PayoutEvent> entries = payouts.readValuesToList();
        assertThat(entries).extracting(PayoutEvent::deviceId).containsExactlyInAnyOrder("d-cn", "d-us");
        assertThat(entries).allSatisfy(entry -> assertThat(entry.grossUsd()).isPositive());
        // and the partner avoided nothing and pays nothing: the platform pays the owners' gross
        Savings minute = savings.readValuesToList().get(0).data();
        assertThat(minute.jobs()).isZero();
        assertThat(minute.canaryJobs()).isEqualTo(1);
        assertThat(minute.gpuHours()).isZero();
        assertThat(minute.avoidedCostUsd()).isEmpty();
        assertThat(minute.netSavingsUsd()).isEmpty();
        assertThat(minute.payoutsUsd()).isZero();
        assertThat(minute.platformPayoutsUsd()).isEqualTo(sum(entries, PayoutEvent::grossUsd));
        assertThat(minute.ownerNetUsd()).isEqualTo(sum(entries, PayoutEvent::netUsd));
        assertThat(minute.energyKwh()).isEqualTo(sum(entries, PayoutEvent::energyKwh));
        assertThat(minute.cloudJobs()).isZero();
        // and the dishonest result is caught
        assertThat(minute.dissentingResults()).isEqualTo(1);
    }

    @Test
    void shouldKeepPhonesCloudAndCanaryJobsApartInOneMinute() {
        // given, in one minute, a job served by phones, one by the cloud (delivered twice) and a canary; and what
        // the phones' job and the cloud's each add to a day alone
        JobCompletedEvent phones = completed("p1", "xiaomi", 1800.0, T, ran("d1", "o-1", "india", 600.0),
                ran("d2", "o-2", "india", 700.0));
        JobCompletedEvent cloud = servedByCloud("c1", "xiaomi", 900.0, T.plusSeconds(5), "d3");
        Savings phonesAlone = alone(phones);
        Savings cloudAlone = alone(cloud);
        start(T);
        pipe(phones);
        pipe(cloud);
        pipe(cloud);
        pipe(canary("k1", "xiaomi", 5.0, T.plusSeconds(10), List.of(), ran("d1", "o-1", "india", 4.0)));

        // when the minute closes
        economics.advance(Duration.ofSeconds(35));

        // then each is counted once, in its own column
        List<PayoutEvent> entries = payouts.readValuesToList();
        assertThat(entries).extracting(PayoutEvent::jobId).containsExactlyInAnyOrder("p1", "p1", "k1");
        List<SavingsEvent> events = savings.readValuesToList();
        Savings minute = events.get(0).data();
        assertThat(minute.jobs()).isEqualTo(1);
        assertThat(minute.cloudJobs()).isEqualTo(1);
        assertThat(minute.canaryJobs()).isEqualTo(1);
        assertThat(minute.dissentingResults()).isEqualTo(1);
        // and the partner pays its job's owners, the platform the canary's; net savings = avoided − the partner's pay
        BigDecimal partnerPays = sum(entries.stream().filter(e -> e.jobId().equals("p1")).toList(), PayoutEvent::grossUsd);
        BigDecimal platformPays = sum(entries.stream().filter(e -> e.jobId().equals("k1")).toList(), PayoutEvent::grossUsd);
        assertThat(minute.payoutsUsd()).isEqualTo(partnerPays);
        assertThat(minute.platformPayoutsUsd()).isEqualTo(platformPays);
        minute.avoidedCostUsd().forEach((offer, avoided) ->
                assertThat(minute.netSavingsUsd().get(offer)).isEqualTo(avoided.subtract(partnerPays)));
        assertThat(minute.ownerNetUsd()).isEqualTo(sum(entries, PayoutEvent::netUsd));
        // and the phones' figures are those of the phones' job alone, the cloud's those of the cloud's job alone
        assertThat(minute.gpuHours()).isEqualTo(phonesAlone.gpuHours());
        assertThat(minute.avoidedCostUsd()).isEqualTo(phonesAlone.avoidedCostUsd());
        assertThat(minute.cloudGpuHours()).isEqualTo(cloudAlone.cloudGpuHours());
        assertThat(minute.cloudCostUsd()).isEqualTo(cloudAlone.cloudCostUsd());
        // and the day published with the minute says the same, as the store behind the REST API does
        Savings day = events.get(1).data();
        assertThat(day).usingRecursiveComparison().withComparatorForType(BigDecimal::compareTo, BigDecimal.class)
                .ignoringFields("windowStart", "windowEnd").isEqualTo(minute);
        assertThat(savingsDay("xiaomi", DAY).tally().toSavings("xiaomi", DAY, DAY.plus(Duration.ofDays(1))))
                .usingRecursiveComparison().withComparatorForType(BigDecimal::compareTo, BigDecimal.class).isEqualTo(day);
    }

    @Test
    void shouldReadADayStoredBeforeTheCloudWasCountedAndCountTheCloudOnIt() throws Exception {
        // given a partner's day as the store held it before the cloud, canary and dissent fields
        start(T);
        pipe(completed("p1", "xiaomi", 1800.0, T, ran("d1", "o-1", "india", 600.0)));
        SavingsDay current = savingsDay("xiaomi", DAY);
        var json = (com.fasterxml.jackson.databind.node.ObjectNode) Json.MAPPER.readTree(
                LedgerTopology.SAVINGS_DAY_SERDE.serializer().serialize("t", current));
        json.remove(List.of("cloudGpuSeconds", "cloudGpuUsdSeconds"));
        ((com.fasterxml.jackson.databind.node.ObjectNode) json.get("tally")).remove(List.of("cloudJobs",
                "cloudGpuHours", "cloudCostUsd", "canaryJobs", "platformPaid", "dissentingResults"));

        // when it is read back and a job served by the cloud is added
        SavingsDay old = LedgerTopology.SAVINGS_DAY_SERDE.deserializer().deserialize("t",
                Json.MAPPER.writeValueAsBytes(json));
        SavingsDay after = old.plusJob(new io.nhp.economics.domain.JobShare("c1", BigDecimal.valueOf(3600),
                Map.of("aws_h100", new BigDecimal("12.29")), io.nhp.economics.domain.JobShare.Served.CLOUD, 0))
                .day();

        // then the phones' figures are kept and the cloud's start from zero
        assertThat(old.tally().jobs()).isEqualTo(current.tally().jobs());
        assertThat(old.tally().cloudJobs()).isZero();
        assertThat(after.tally().avoidedCostUsd()).isEqualTo(current.tally().avoidedCostUsd());
        assertThat(after.tally().cloudJobs()).isEqualTo(1);
        assertThat(after.tally().cloudCostUsd()).containsEntry("aws_h100", new BigDecimal("12.290000"));
    }

    /** What a job alone adds to a fresh day, on a topology of its own (before the test's own starts). */
    private static Savings alone(JobCompletedEvent job) {
        try (EconomicsDriver other = new EconomicsDriver(T)) {
            other.completions.pipeInput(new TestRecord<>(job.jobId(), job, job.eventTime()));
            return other.driver.<String, SavingsDay>getWindowStore(LedgerTopology.SAVINGS_DAYS_STORE)
                    .fetch(job.partner(), DAY.toEpochMilli()).tally().toSavings(job.partner(), DAY, DAY);
        }
    }

    private void pipe(JobCompletedEvent job) {
        economics.completions.pipeInput(new TestRecord<>(job.jobId(), job, job.eventTime()));
    }

    private SavingsDay savingsDay(String partner, Instant day) {
        return economics.driver.<String, SavingsDay>getWindowStore(LedgerTopology.SAVINGS_DAYS_STORE)
                .fetch(partner, day.toEpochMilli());
    }

    private DeviceDay deviceDay(String device, Instant day) {
        return economics.driver.<String, DeviceDay>getWindowStore(LedgerTopology.DEVICE_DAYS_STORE)
                .fetch(device, day.toEpochMilli());
    }

    private static Savings latestDaily(List<SavingsEvent> events, String partner, Instant dayStart) {
        return events.stream().filter(e -> e.type().equals(SavingsEvent.DAILY_TYPE))
                .map(SavingsEvent::data)
                .filter(s -> s.partner().equals(partner) && s.windowStart().equals(dayStart))
                .reduce((a, b) -> b).orElseThrow();
    }

    private static String usd(Map<String, BigDecimal> amounts, String offer) {
        return amounts.get(offer).toPlainString();
    }

    private static BigDecimal sum(List<PayoutEvent> events, Function<PayoutEvent, BigDecimal> amount) {
        return events.stream().map(amount).reduce(BigDecimal.ZERO, BigDecimal::add);
    }
}
