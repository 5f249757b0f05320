package io.nhp.report.messaging;

import io.nhp.contracts.events.DeviceStatusEvent;
import io.nhp.contracts.events.PartnerProfileEvent;
import io.nhp.contracts.events.PayoutEvent;
import io.nhp.contracts.events.ProjectionEvent;
import io.nhp.contracts.events.SavingsEvent;
import io.nhp.report.views.LiveSavings;
import io.nhp.report.views.Owners;
import io.nhp.report.views.PartnerReports;
import io.smallrye.reactive.messaging.kafka.Record;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Feeds the views from their topics: partner profiles and projections (compacted, replayed whole on start), the
 * partners' savings events, the owners' ledger and the devices' statuses. A tombstone removes a partner; an
 * unreadable record is skipped.
 */
@ApplicationScoped
public class ViewConsumers {

    private static final Logger LOG = Logger.getLogger(ViewConsumers.class);

    private final PartnerReports reports;
    private final LiveSavings savings;
    private final Owners owners;

    ViewConsumers(PartnerReports reports, LiveSavings savings, Owners owners) {
        this.reports = reports;
        this.savings = savings;
        this.owners = owners;
    }

    @Incoming("partners")
    public void onPartner(Record<String, PartnerProfileEvent> record) {
        if (record.value() == null) {
            reports.removeProfile(record.key());
        } else {
            reports.profile(record.value());
        }
    }

    @Incoming("projections")
    public void onProjection(Record<String, ProjectionEvent> record) {
        if (record.value() == null) {
            reports.removeProjection(record.key());
        } else {
            reports.projection(record.value());
        }
    }

    @Incoming("savings")
    public void onSavings(SavingsEvent event) {
        if (event == null) {
            LOG.warn("Skipped a savings record that could not be read (see the deserialization failure above)");
            return;
        }
        savings.update(event);
    }

    @Incoming("payouts")
    public void onPayout(PayoutEvent line) {
        if (line != null) {
            owners.payout(line);
        }
    }

    @Incoming("statuses")
    public void onStatus(DeviceStatusEvent status) {
        if (status != null) {
            owners.status(status);
        }
    }
}
