package io.nhp.report.pages;

import io.nhp.contracts.events.CapacityEvent;
import io.nhp.contracts.events.SavingsEvent.Savings;
import io.nhp.report.views.LiveFleet;
import io.nhp.report.views.LiveSavings;
import io.nhp.report.views.PartnerReports;
import io.nhp.report.views.PartnerReports.Found;
import io.nhp.service.ProblemException;
import io.nhp.service.security.Viewer;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/** Assembles a partner's report from the views: the projection in the asked mode, live figures, errata. */
@ApplicationScoped
public class Reports {

    public static final String CORRECTED = "corrected";
    public static final String REFERENCE = "reference";

    private final PartnerReports partners;
    private final LiveFleet fleet;
    private final LiveSavings savings;

    Reports(PartnerReports partners, LiveFleet fleet, LiveSavings savings) {
        this.partners = partners;
        this.fleet = fleet;
        this.savings = savings;
    }

    /**
     * The report, or a 400 (mode), 404 (no such partner yet) or 422 (the mode refuses the profile) problem; its
     * live figures only for a viewer who may see them (null otherwise).
     */
    public ReportDocument report(String partner, String mode, Viewer viewer) {
        String chosen = mode(mode);
        Found.Report found = found(partner, chosen);
        List<Errata.Erratum> errata = List.of();
        if (chosen.equals(CORRECTED)) {
            errata = partners.find(partner, REFERENCE).filter(Found.Report.class::isInstance).map(Found.Report.class::cast)
                    .map(published -> Errata.between(published.projection(), found.projection())).orElse(List.of());
        }
        if (!viewer.sees(partner)) {
            return new ReportDocument(partner, chosen, found.event().eventTime(), found.projection(), found.texts(),
                    null, errata);
        }
        CapacityEvent capacity = fleet.partner(partner).orElse(null);
        Savings toDate = savings.toDate(partner).orElse(null);
        Instant updated = Stream.of(capacity == null ? null : capacity.eventTime(), savings.updatedAt(partner).orElse(null))
                .filter(java.util.Objects::nonNull).max(Instant::compareTo).orElse(null);
        return new ReportDocument(partner, chosen, found.event().eventTime(), found.projection(), found.texts(),
                new ReportDocument.Live(capacity, toDate, updated), errata);
    }

    public List<String> partners() {
        return partners.partners();
    }

    private Found.Report found(String partner, String mode) {
        Found found = partners.find(partner, mode).orElseThrow(() -> ProblemException.notFound(
                "no report for partner '" + partner + "' (yet): reports exist for " + partners.partners()));
        if (found instanceof Found.Refused refused) {
            throw ProblemException.unprocessable("the " + mode + " model refuses the profile of '" + partner + "': "
                    + refused.why());
        }
        return (Found.Report) found;
    }

    static String mode(String mode) {
        String value = mode == null || mode.isBlank() ? CORRECTED : mode.toLowerCase(Locale.ROOT);
        if (!value.equals(CORRECTED) && !value.equals(REFERENCE)) {
            throw new ProblemException(400, "Invalid request", "mode must be corrected or reference, not '" + mode + "'");
        }
        return value;
    }
}
