package io.nhp.report.render;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What a report prints from the partner's profile besides the model's figures: the Arabic name, the prose (EN and
 * AR; optional, only Xiaomi's profile carries it), the TEE name and the first market's Arabic name (both in risk
 * labels), and the annual sales (to state the growth's starting share).
 */
public record PartnerTexts(String name, String nameAr, String teeName, String firstMarketAr, long annualSalesMillions,
                           Map<String, Bilingual> serviceDescriptions, Optional<Bilingual> aiStrategy,
                           Optional<Bilingual> partnershipReason, Optional<Bilingual> competitiveAdvantage,
                           Optional<Bilingual> integrationNotes) {

    /** The texts of a profile as pricing-service publishes it (the company YAML as JSON). */
    public static PartnerTexts of(JsonNode profile) {
        JsonNode text = profile.path("text");
        Map<String, Bilingual> services = new LinkedHashMap<>();
        for (JsonNode service : text.path("ai_services")) {
            services.put(service.path("name").asText(), new Bilingual(service.path("description_en").asText(""),
                    service.path("description_ar").asText("")));
        }
        JsonNode markets = profile.path("primary_markets");
        return new PartnerTexts(profile.path("name").asText(), profile.path("name_ar").asText(),
                profile.path("security").path("tee_name").asText(),
                markets.isEmpty() ? "" : markets.get(0).path("name_ar").asText(),
                profile.path("annual_phone_sales_millions").asLong(), services,
                pair(text, "ai_strategy"), pair(text, "partnership_reason"), pair(text, "competitive_advantage"),
                pair(text, "integration_notes"));
    }

    private static Optional<Bilingual> pair(JsonNode text, String field) {
        String en = text.path(field + "_en").asText("");
        String ar = text.path(field + "_ar").asText("");
        return en.isEmpty() && ar.isEmpty() ? Optional.empty() : Optional.of(new Bilingual(en, ar));
    }
}
