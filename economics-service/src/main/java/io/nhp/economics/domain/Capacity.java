package io.nhp.economics.domain;

import io.nhp.contracts.events.CapacityEvent;
import io.nhp.contracts.events.Required;
import io.nhp.contracts.fleet.FleetCounts;
import java.math.MathContext;
import java.time.Instant;

/** Live capacity figures of a fleet (a partner's, or one region of it), as published and as served. */
public final class Capacity {

    private Capacity() {
    }

    /**
     * Counts, eligible TOPS, H100-equivalents (TOPS ÷ the model's {@code h100_tops}), observed uptime (eligible ÷
     * registered) and the scenario whose uptime is closest to it; the last two are null while reference data lacks
     * what they need.
     */
    public static CapacityEvent of(String partner, String region, FleetCounts counts, Instant asOf, PriceBook prices,
                                   Instant now) {
        double uptime = counts.registered() == 0 ? 0.0 : (double) counts.eligible() / counts.registered();
        Double h100 = null;
        String nearest = null;
        try {
            h100 = counts.eligibleTops().divide(prices.constant("h100_tops", now), MathContext.DECIMAL64).doubleValue();
            nearest = prices.nearestScenario(uptime, now).orElse(null);
        } catch (PriceBook.Missing e) {
            // reference data still loading: publish the counts, leave the model's figures out
        }
        return new CapacityEvent(Required.newEventId(), now, partner, region, counts.registered(), counts.online(),
                counts.eligible(), counts.eligibleTops().doubleValue(), h100, uptime, nearest,
                asOf != null ? asOf : now);
    }

    /** Whether two counts are the same fleet (TOPS compared by value, not by scale). */
    public static boolean same(FleetCounts a, FleetCounts b) {
        return a != null && b != null && a.registered() == b.registered() && a.online() == b.online()
                && a.eligible() == b.eligible() && a.eligibleTops().compareTo(b.eligibleTops()) == 0;
    }
}
