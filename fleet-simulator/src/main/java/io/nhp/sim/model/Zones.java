package io.nhp.sim.model;

import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Real time zones of the markets partner profiles name (a market spanning several gets several). */
public final class Zones {

    private static final Map<String, List<String>> BY_MARKET = Map.ofEntries(
            Map.entry("china", List.of("Asia/Shanghai")),
            Map.entry("india", List.of("Asia/Kolkata")),
            Map.entry("southeast asia", List.of("Asia/Jakarta", "Asia/Bangkok", "Asia/Manila", "Asia/Ho_Chi_Minh")),
            Map.entry("eu", List.of("Europe/Berlin", "Europe/Paris", "Europe/Madrid", "Europe/Rome", "Europe/Warsaw")),
            Map.entry("usa", List.of("America/New_York", "America/Chicago", "America/Denver", "America/Los_Angeles")),
            Map.entry("middle east", List.of("Asia/Dubai", "Asia/Riyadh")),
            Map.entry("south korea", List.of("Asia/Seoul")),
            Map.entry("japan", List.of("Asia/Tokyo")),
            Map.entry("latin america", List.of("America/Sao_Paulo", "America/Mexico_City", "America/Bogota")),
            Map.entry("brazil", List.of("America/Sao_Paulo")),
            Map.entry("africa", List.of("Africa/Lagos", "Africa/Nairobi", "Africa/Johannesburg")));

    private Zones() {
    }

    /** The zones of a market; UTC for one this table does not know. */
    public static List<ZoneId> of(String market) {
        return BY_MARKET.getOrDefault(market.toLowerCase(Locale.ROOT), List.of("UTC")).stream().map(ZoneId::of).toList();
    }
}
