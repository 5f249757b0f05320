package io.nhp.contracttests;

import static org.assertj.core.api.Assertions.assertThat;

import io.nhp.contracts.Topics;
import io.nhp.contracts.events.PayoutEvent;
import io.nhp.contracts.events.SavingsEvent;
import io.nhp.contracts.events.SavingsEvent.Savings;
import io.nhp.report.pages.Dashboard;
import io.nhp.report.views.LiveFleet;
import io.nhp.report.views.LiveSavings;
import io.nhp.service.security.Viewer;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * Who served a job, across the boundaries: job-broker's completions (served by phones, by the partner's cloud, a
 * platform canary), written with its real serializer and headers, priced by economics-service's real topology; and
 * what that topology wrote, read by report-service's savings channel into its live views.
 */
class ServedByContractTest {

    private static final ProducedRecords PRODUCED = new ProducedRecords();

    @Test
    void shouldCountWhatJobBrokerWroteByWhoServedIt() {
        // given job-broker's three completions, one GPU cost each, as economics-service priced them
        Savings day = latestDay();
        List<PayoutEvent> entries = PRODUCED.on(Topics.ECONOMICS_PAYOUTS).stream()
                .map(record -> Topics.ECONOMICS_PAYOUTS.read(record).value())
                .filter(line -> line.kind() == PayoutEvent.Kind.ENTRY).toList();

        // then phones' job is cost avoided, the cloud's cost incurred at the same prices, the canary neither
        assertThat(day.jobs()).isEqualTo(1);
        assertThat(day.cloudJobs()).isEqualTo(1);
        assertThat(day.canaryJobs()).isEqualTo(1);
        assertThat(day.cloudGpuHours()).isEqualTo(day.gpuHours());
        assertThat(day.cloudCostUsd()).isNotEmpty().isEqualTo(day.avoidedCostUsd());
        // and the cloud's job paid nobody; the canary's owner was paid, by the platform rather than the partner
        assertThat(entries).extracting(PayoutEvent::jobId)
                .containsExactlyInAnyOrder(ProducedRecords.PHONES_JOB, ProducedRecords.CANARY_JOB);
        assertThat(day.payoutsUsd()).isEqualTo(gross(entries, ProducedRecords.PHONES_JOB));
        assertThat(day.platformPayoutsUsd()).isEqualTo(gross(entries, ProducedRecords.CANARY_JOB));
        day.avoidedCostUsd().forEach((offer, avoided) ->
                assertThat(day.netSavingsUsd().get(offer)).isEqualTo(avoided.subtract(day.payoutsUsd())));
        // and the phone that answered the cloud-served request wrong is caught
        assertThat(day.dissentingResults()).isEqualTo(1);
    }

    @Test
    void shouldShowEconomicsSavingsOnTheDashboardAndThePartnersStreamAsReportServiceReadsThem() throws Exception {
        // given report-service's savings channel, as it is configured, and its views
        Channel channel = Channel.all(Path.of("..").toAbsolutePath().normalize(), List.of("report-service")).stream()
                .filter(c -> c.topic().equals(Topics.ECONOMICS_SAVINGS.name())).findFirst().orElseThrow();
        LiveSavings savings = new LiveSavings();
        var stream = savings.arrivals(ProducedRecords.PARTNER).subscribe()
                .withSubscriber(io.smallrye.mutiny.helpers.test.AssertSubscriber.<SavingsEvent>create(Long.MAX_VALUE));

        // when it reads what economics-service wrote
        for (ConsumerRecord<byte[], byte[]> record : PRODUCED.on(Topics.ECONOMICS_SAVINGS)) {
            channel.receive(record);
            savings.update(Topics.ECONOMICS_SAVINGS.read(record).value());
        }

        // then the partner's stream carries the new figures as economics published them
        Savings day = latestDay();
        assertThat(stream.getItems()).extracting(SavingsEvent::data).contains(day);
        // and the dashboard shows, on the partner's row, requests served by phones vs cloud, the cost avoided net of
        // payouts against the cost incurred, and the dishonest result caught
        Dashboard.Row row = new Dashboard(new LiveFleet(), savings)
                .snapshot(new Viewer(true, false, ProducedRecords.PARTNER, null, null)).partners().stream()
                .filter(r -> r.partner().equals(ProducedRecords.PARTNER)).findFirst().orElseThrow();
        assertThat(row.jobsToday()).isEqualTo(day.jobs());
        assertThat(row.cloudJobsToday()).isEqualTo(day.cloudJobs());
        assertThat(row.dishonestResultsToday()).isEqualTo(day.dissentingResults());
        assertThat(row.cloudCostTodayMaxUsd()).isEqualTo(max(day.cloudCostUsd().values()));
        assertThat(row.netAvoidedTodayMaxUsd()).isEqualTo(max(day.netSavingsUsd().values()));
        assertThat(row.payoutsTodayUsd()).isEqualTo(day.payoutsUsd());
        // and the savings chart sets what the cloud cost beside what the phones avoided
        assertThat(new Dashboard(new LiveFleet(), savings).snapshot(new Viewer(true, false, ProducedRecords.PARTNER,
                null, null)).savingsChart()).contains("Cloud cost incurred");
    }

    /** The partner's last running day total economics-service wrote. */
    private static Savings latestDay() {
        return PRODUCED.on(Topics.ECONOMICS_SAVINGS).stream().map(record -> Topics.ECONOMICS_SAVINGS.read(record).value())
                .filter(event -> event.type().equals(SavingsEvent.DAILY_TYPE))
                .filter(event -> event.subject().equals(ProducedRecords.PARTNER))
                .reduce((first, second) -> second).orElseThrow().data();
    }

    private static BigDecimal gross(List<PayoutEvent> entries, String jobId) {
        return entries.stream().filter(entry -> entry.jobId().equals(jobId)).map(PayoutEvent::grossUsd)
                .reduce(BigDecimal::add).orElseThrow();
    }

    private static BigDecimal max(java.util.Collection<BigDecimal> amounts) {
        return amounts.stream().max(Comparator.naturalOrder()).orElseThrow();
    }
}
