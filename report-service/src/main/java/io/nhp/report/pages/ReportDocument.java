package io.nhp.report.pages;

import io.nhp.contracts.events.CapacityEvent;
import io.nhp.contracts.events.SavingsEvent.Savings;
import io.nhp.contracts.projection.Projection;
import io.nhp.report.render.PartnerTexts;
import java.time.Instant;
import java.util.List;

/**
 * Everything a partner's deep dive shows, whatever its format (HTML, Markdown, JSON): the model's tables in one mode,
 * the profile's texts, what the fleet is doing live (null for a reader who may not see the partner's figures), and
 * in corrected mode the errata against the published model.
 */
public record ReportDocument(String partner, String mode, Instant computedAt, Projection projection,
                             PartnerTexts texts, Live live, List<Errata.Erratum> errata) {

    /**
     * The live figures: capacity (observed uptime, nearest scenario, H100-equivalents), savings to date per cloud
     * offer gross and net of payouts, owner payouts to date; null parts have not been published yet.
     */
    public record Live(CapacityEvent capacity, Savings savingsToDate, Instant updatedAt) {
    }
}
