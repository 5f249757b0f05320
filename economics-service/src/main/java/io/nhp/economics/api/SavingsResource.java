package io.nhp.economics.api;

import io.nhp.contracts.events.SavingsEvent.Savings;
import io.nhp.economics.domain.SavingsDay;
import io.nhp.economics.domain.SavingsTally;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.UriInfo;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** What a partner saved, live: totals over a range of UTC days and the day by day series. */
@Path("/api/v1/savings")
@Tag(name = "Savings")
public class SavingsResource {

    /** A partner's savings over {@code [from, to]}: the totals and each day that had completed jobs. */
    public record SavingsView(String partner, LocalDate from, LocalDate to, Savings totals, List<Savings> days) {
    }

    private final LedgerDays ledger;

    SavingsResource(LedgerDays ledger) {
        this.ledger = ledger;
    }

    @GET
    @Path("/{partner}")
    @Operation(summary = "A partner's live savings against every cloud offer",
            description = "For the jobs completed in the UTC days from..to (default: the 30 days to today): jobs "
                    + "served by phones (validated), cloud GPU-hours they replaced (the task's GPU-seconds ÷ 3,600), "
                    + "cost avoided per cloud offer (GPU-hours × instance price ÷ GPUs per instance, at the price in "
                    + "force when each job completed), owner payouts (compute hours × the live token rate: what the "
                    + "partner pays), net savings per offer (avoided − payouts), and the owners' electricity, net "
                    + "income, energy (kWh = hours × 3.5 W, MODEL.md device_extra_watt) and CO2 added (0.4 kg/kWh, "
                    + "MODEL.md co2_per_kwh_kg); jobs served by the partner's cloud fallback (cloudJobs, nobody paid), "
                    + "their GPU-hours and cloud cost incurred per offer (cloudCostUsd, priced as avoided cost is); "
                    + "platform canaries (canaryJobs: they avoid nothing, and their owners' payouts are the platform's, "
                    + "platformPayoutsUsd); results that disagreed with the accepted answer (dissentingResults). USD to the "
                    + "micro-dollar. 400 for a malformed range; answered by the instance that holds the partner; 503 while "
                    + "the store is starting. The partner's token or ops'; 401 without, 403 for another partner's.")
    public SavingsView savings(@PathParam("partner") String partner,
                               @Parameter(description = "first UTC day, yyyy-MM-dd") @QueryParam("from") String from,
                               @Parameter(description = "last UTC day, yyyy-MM-dd") @QueryParam("to") String to,
                               @Context UriInfo request) {
        LedgerDays.Days<SavingsDay> found = ledger.partner(partner, from, to, request.getRequestUri(), "savings");
        SavingsTally total = SavingsTally.EMPTY;
        List<Savings> days = new ArrayList<>();
        for (KeyValue<Instant, SavingsDay> day : found.values()) {
            total = total.plus(day.value.tally());
            days.add(day.value.tally().toSavings(partner, day.key, day.key.plus(Duration.ofDays(1))));
        }
        DayRange range = found.range();
        return new SavingsView(partner, range.from(), range.to(), total.toSavings(partner, range.start(), range.end()),
                days);
    }
}
