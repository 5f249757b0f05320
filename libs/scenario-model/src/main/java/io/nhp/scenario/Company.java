package io.nhp.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * A partner profile as the model reads it (the shape of the model's {@code companies/<key>.yaml}, MODEL.md §8).
 * Integer-typed and double-typed figures keep their type, because the report prints them differently (F5).
 */
public record Company(
        String key, String name, String nameAr, String ticker, String hqCountry, String hqCountryAr, long founded,
        String ceo, long marketCapBillionsUsd, long annualRevenueBillionsUsd, double smartphoneMarketSharePct,
        long activeDevicesMillions, long annualPhoneSalesMillions, String osName, String primaryChipset,
        Security security, List<DeviceModel> flagshipModels, List<DeviceModel> midrangeModels,
        List<AiService> aiServices, List<Market> primaryMarkets, Partnership partnership, double flagshipPct,
        String teeDescription) {

    /** The TEE and how open its APIs are. */
    public record Security(String teeName, String teeMaturity, List<String> certifications, String apiOpenness) {
    }

    /** One phone model. */
    public record DeviceModel(String name, long year, String gpu, double tops, long ramGb, long unitsM) {
    }

    /** One of the partner's AI services; the cloud cost is the partner's stated figure, not computed. */
    public record AiService(String name, long dailyRequests, String currentCloud, long estAnnualCloudCostUsd) {
    }

    /** A primary market, by name. */
    public record Market(String name, String nameAr) {
    }

    /** How likely, hard, long and costly an integration is. */
    public record Partnership(String likelihood, String integrationDifficulty, long integrationMonths,
                              long integrationCostMillionsUsd) {
    }

    /** Reads a profile as published on {@code nhp.reference.partners}. */
    public static Company from(JsonNode p) {
        JsonNode security = p.path("security");
        JsonNode partnership = p.path("partnership");
        return new Company(
                p.path("key").asText(), p.path("name").asText(), p.path("name_ar").asText(""),
                p.path("ticker").asText(""), p.path("hq_country").asText(""), p.path("hq_country_ar").asText(""),
                p.path("founded").asLong(), p.path("ceo").asText(""), p.path("market_cap_billions_usd").asLong(),
                p.path("annual_revenue_billions_usd").asLong(), p.path("smartphone_market_share_pct").asDouble(),
                p.path("active_devices_millions").asLong(), p.path("annual_phone_sales_millions").asLong(),
                p.path("os_name").asText(""), p.path("primary_chipset").asText(""),
                new Security(security.path("tee_name").asText(""), security.path("tee_maturity").asText(""),
                        texts(security.path("certifications")), security.path("api_openness").asText("")),
                models(p.path("flagship_models")), models(p.path("midrange_models")),
                list(p.path("ai_services"), s -> new AiService(s.path("name").asText(), s.path("daily_requests").asLong(),
                        s.path("current_cloud").asText(""), s.path("est_annual_cloud_cost_usd").asLong())),
                list(p.path("primary_markets"), m -> new Market(m.path("name").asText(), m.path("name_ar").asText(""))),
                new Partnership(partnership.path("likelihood").asText(""),
                        partnership.path("integration_difficulty").asText(""),
                        partnership.path("integration_months").asLong(),
                        partnership.path("integration_cost_millions_usd").asLong()),
                p.path("manufacturer_data").path("flagship_pct").asDouble(),
                p.path("text").path("tee_description").textValue());
    }

    /** {@code N}: active devices, an exact count. */
    public long activeDevices(ModelInputs.Constants c) {
        return activeDevicesMillions * c.devicesPerMillion();
    }

    private static List<DeviceModel> models(JsonNode list) {
        return list(list, m -> new DeviceModel(m.path("name").asText(), m.path("year").asLong(), m.path("gpu").asText(""),
                m.path("tops").asDouble(), m.path("ram_gb").asLong(), m.path("units_m").asLong()));
    }

    private static List<String> texts(JsonNode list) {
        return list(list, JsonNode::asText);
    }

    private static <T> List<T> list(JsonNode list, java.util.function.Function<JsonNode, T> read) {
        List<T> out = new ArrayList<>();
        list.forEach(node -> out.add(read.apply(node)));
        return List.copyOf(out);
    }
}
