package io.nhp.report.messaging;

import io.nhp.contracts.Topics;
import io.nhp.report.views.LiveSavings;
import io.nhp.report.views.Owners;
import io.nhp.report.views.PartnerReports;
import io.nhp.service.kafka.UnreadableRecords;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Feeds the views from their topics: partner profiles and projections (compacted, replayed whole on start), the
 * partners' savings events, the owners' ledger and the devices' statuses. Each record is read by its topic's own
 * serdes (the channels hand over the bytes as they are); a tombstone removes a partner; an unreadable record is
 * dead-lettered and the view goes on.
 */
@ApplicationScoped
public class ViewConsumers {

    private final PartnerReports reports;
    private final LiveSavings savings;
    private final Owners owners;
    private final UnreadableRecords records;

    ViewConsumers(PartnerReports reports, LiveSavings savings, Owners owners, UnreadableRecords records) {
        this.reports = reports;
        this.savings = savings;
        this.owners = owners;
        this.records = records;
    }

    @Incoming("partners")
    public void onPartner(ConsumerRecord<byte[], byte[]> raw) {
        records.read(Topics.REFERENCE_PARTNERS, raw).ifPresent(record -> {
            if (record.value() == null) {
                reports.removeProfile(record.key());
            } else {
                reports.profile(record.value());
            }
        });
    }

    @Incoming("projections")
    public void onProjection(ConsumerRecord<byte[], byte[]> raw) {
        records.read(Topics.ECONOMICS_PROJECTIONS, raw).ifPresent(record -> {
            if (record.value() == null) {
                reports.removeProjection(record.key());
            } else {
                reports.projection(record.value());
            }
        });
    }

    @Incoming("savings")
    public void onSavings(ConsumerRecord<byte[], byte[]> raw) {
        records.read(Topics.ECONOMICS_SAVINGS, raw).filter(r -> r.value() != null).ifPresent(r -> savings.update(r.value()));
    }

    @Incoming("payouts")
    public void onPayout(ConsumerRecord<byte[], byte[]> raw) {
        records.read(Topics.ECONOMICS_PAYOUTS, raw).filter(r -> r.value() != null).ifPresent(r -> owners.payout(r.value()));
    }

    @Incoming("statuses")
    public void onStatus(ConsumerRecord<byte[], byte[]> raw) {
        records.read(Topics.DEVICES_STATUS, raw).filter(r -> r.value() != null).ifPresent(r -> owners.status(r.value()));
    }
}
