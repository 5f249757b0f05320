package io.nhp.economics.api;

import io.nhp.contracts.events.PayoutEvent;
import io.nhp.economics.domain.DeviceDay;
import io.nhp.economics.domain.OwnerDay;
import io.nhp.economics.domain.PayoutAmounts;
import io.nhp.economics.domain.SavingsDay;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.UriInfo;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.streams.KeyValue;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The owners' ledger, summed: per device, per owner (over the owner's devices) and per partner and region. */
@Path("/api/v1/payouts")
@Tag(name = "Payouts")
public class PayoutResource {

    /** One device's UTC day; the rates are null when they changed during the day. */
    public record DeviceDayView(LocalDate day, BigDecimal tokenRateUsdPerHour, BigDecimal electricityUsdPerKwh,
                                Earnings earnings) {
    }

    public record DevicePayouts(String deviceId, String ownerId, String partner, String region, LocalDate from,
                                LocalDate to, Earnings totals, List<DeviceDayView> days) {
    }

    public record OwnerDayView(LocalDate day, Earnings totals, Map<String, Earnings> devices) {
    }

    public record OwnerPayouts(String ownerId, LocalDate from, LocalDate to, Earnings totals,
                               Map<String, Earnings> devices, List<OwnerDayView> days) {
    }

    public record PartnerDayView(LocalDate day, Earnings totals, Map<String, Earnings> regions) {
    }

    public record PartnerPayouts(String partner, LocalDate from, LocalDate to, Earnings totals,
                                 Map<String, Earnings> regions, List<PartnerDayView> days) {
    }

    private static final String DESCRIPTION = " Gross = compute hours × the live token rate (tier in config "
            + "nhp.economics.payout-tier, price from the reference data); electricity = hours × 3.5 W ÷ 1,000 × the "
            + "region's USD/kWh (MODEL.md device_extra_watt, regions.yaml); net = gross − electricity; CO2 = kWh × 0.4 "
            + "kg (co2_per_kwh_kg). UTC days from..to (default: the 30 days to today); 400 for a malformed range; "
            + "Answered by the instance that holds the key, whichever is asked; 503 while the store is starting. Who may read: a partner's own "
            + "(its token) and ops' (every one); a device's: its owner (a credential the device's partner signed) and ops'; an owner id's across partners: ops'.";

    private final LedgerDays ledger;
    private final Clock clock = Clock.systemUTC();

    PayoutResource(LedgerDays ledger) {
        this.ledger = ledger;
    }

    @GET
    @Path("/devices/{deviceId}")
    @Operation(summary = "What a device computed and earned, day by day", description = "Sums of the ledger entries "
            + "on nhp.economics.payouts, each validated job credited once." + DESCRIPTION)
    public DevicePayouts device(@PathParam("deviceId") String deviceId,
                                @Parameter(description = "first UTC day, yyyy-MM-dd") @QueryParam("from") String from,
                                @Parameter(description = "last UTC day, yyyy-MM-dd") @QueryParam("to") String to,
                                @Context UriInfo request) {
        LedgerDays.Days<DeviceDay> found = ledger.device(deviceId, from, to, request.getRequestUri());
        PayoutAmounts total = PayoutAmounts.ZERO;
        List<DeviceDayView> days = new ArrayList<>();
        DeviceDay last = null;
        for (KeyValue<Instant, DeviceDay> day : found.values()) {
            PayoutEvent statement = day.value.statement(clock.instant());
            PayoutAmounts amounts = Earnings.amounts(statement);
            total = total.plus(amounts);
            days.add(new DeviceDayView(statement.day(), statement.tokenRateUsdPerHour(),
                    statement.electricityUsdPerKwh(), Earnings.of(amounts)));
            last = day.value;
        }
        return new DevicePayouts(deviceId, last == null ? null : last.ownerId(), last == null ? null : last.partner(),
                last == null ? null : last.region(), found.range().from(), found.range().to(), Earnings.of(total),
                days);
    }

    @GET
    @Path("/owners/{ownerId}")
    @Operation(summary = "What an owner's devices earned, in total, per device and per day",
            description = "Sums of the ledger entries of every device of the owner." + DESCRIPTION)
    public OwnerPayouts owner(@PathParam("ownerId") String ownerId,
                              @Parameter(description = "first UTC day, yyyy-MM-dd") @QueryParam("from") String from,
                              @Parameter(description = "last UTC day, yyyy-MM-dd") @QueryParam("to") String to,
                              @Context UriInfo request) {
        LedgerDays.Days<OwnerDay> found = ledger.owner(ownerId, from, to, request.getRequestUri());
        Map<String, PayoutAmounts> devices = new TreeMap<>();
        List<OwnerDayView> days = new ArrayList<>();
        for (KeyValue<Instant, OwnerDay> day : found.values()) {
            day.value.devices().forEach((device, amounts) -> devices.merge(device, amounts, PayoutAmounts::plus));
            days.add(new OwnerDayView(dayOf(day.key), Earnings.of(day.value.total()), earnings(day.value.devices())));
        }
        PayoutAmounts total = devices.values().stream().reduce(PayoutAmounts.ZERO, PayoutAmounts::plus);
        return new OwnerPayouts(ownerId, found.range().from(), found.range().to(), Earnings.of(total), earnings(devices),
                days);
    }

    @GET
    @Path("/partners/{partner}")
    @Operation(summary = "What the owners of a partner's phones earned, in total, per region and per day",
            description = "Sums of the ledger entries of the partner's devices, by the devices' regions." + DESCRIPTION)
    public PartnerPayouts partner(@PathParam("partner") String partner,
                                  @Parameter(description = "first UTC day, yyyy-MM-dd") @QueryParam("from") String from,
                                  @Parameter(description = "last UTC day, yyyy-MM-dd") @QueryParam("to") String to,
                                  @Context UriInfo request) {
        LedgerDays.Days<SavingsDay> found = ledger.partner(partner, from, to, request.getRequestUri(), "payouts");
        Map<String, PayoutAmounts> regions = new TreeMap<>();
        PayoutAmounts total = PayoutAmounts.ZERO;
        List<PartnerDayView> days = new ArrayList<>();
        for (KeyValue<Instant, SavingsDay> day : found.values()) {
            var tally = day.value.tally();
            tally.ownersByRegion().forEach((region, amounts) -> regions.merge(region, amounts, PayoutAmounts::plus));
            total = total.plus(tally.owners());
            days.add(new PartnerDayView(dayOf(day.key), Earnings.of(tally.owners()), earnings(tally.ownersByRegion())));
        }
        return new PartnerPayouts(partner, found.range().from(), found.range().to(), Earnings.of(total),
                earnings(regions), days);
    }

    private static Map<String, Earnings> earnings(Map<String, PayoutAmounts> amounts) {
        Map<String, Earnings> earnings = new TreeMap<>();
        amounts.forEach((key, value) -> earnings.put(key, Earnings.of(value)));
        return earnings;
    }

    private static LocalDate dayOf(Instant start) {
        return start.atZone(ZoneOffset.UTC).toLocalDate();
    }
}
