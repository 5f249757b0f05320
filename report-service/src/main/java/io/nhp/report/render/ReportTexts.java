package io.nhp.report.render;

import java.util.List;
import java.util.Map;

/**
 * The report's fixed wording in English and Arabic, as the published deep dive prints it (MODEL.md §7): section
 * headings, table headers, the roadmap's activities, the risks' Arabic labels and mitigations, the chart titles.
 */
public final class ReportTexts {

    private ReportTexts() {
    }

    public static final Bilingual TITLE = new Bilingual("Deep Dive Report", "تقرير تفصيلي");
    public static final Bilingual TAGLINE = new Bilingual("Computing in Everyone's Hands", "الحوسبة في يد الجميع");

    public static final Bilingual OVERVIEW = new Bilingual("Company Overview", "نبذة عن الشركة");
    public static final Bilingual FLEET = new Bilingual("Device Fleet Analysis", "تحليل أسطول الأجهزة");
    public static final Bilingual FLAGSHIP = new Bilingual("Flagship Devices", "الأجهزة الرائدة");
    public static final Bilingual MIDRANGE = new Bilingual("Mid-Range Devices", "الأجهزة المتوسطة");
    public static final Bilingual FLEET_POWER = new Bilingual("Fleet Computing Power", "القوة الحسابية للأسطول");
    public static final Bilingual SECURITY = new Bilingual("Security & TEE Analysis", "تحليل الأمان و TEE");
    public static final Bilingual AI_SERVICES = new Bilingual("AI Services Analysis", "تحليل خدمات الذكاء الاصطناعي");
    public static final Bilingual AI_STRATEGY = new Bilingual("AI Strategy", "استراتيجية AI");
    public static final Bilingual SAVINGS = new Bilingual("Cost Savings: NHP vs Cloud Providers",
            "التوفير مقارنة بالسحابة");
    public static final Bilingual INCOME = new Bilingual("User Income in Primary Markets",
            "دخل المستخدم في الأسواق الرئيسية");
    public static final Bilingual ENVIRONMENT = new Bilingual("Environmental Impact", "الأثر البيئي");
    public static final Bilingual GROWTH = new Bilingual("Network Growth Projection", "توقعات نمو الشبكة");
    public static final Bilingual PARTNERSHIP = new Bilingual("Partnership Assessment", "تقييم الشراكة");
    public static final Bilingual WHY_PARTNER = new Bilingual("Why Partner?", "لماذا الشراكة؟");
    public static final Bilingual ADVANTAGE = new Bilingual("Competitive Advantage", "الميزة التنافسية");
    public static final Bilingual INTEGRATION_NOTES = new Bilingual("Integration Notes", "ملاحظات التكامل");
    public static final Bilingual BREAKEVEN = new Bilingual("Breakeven & ROI Analysis", "نقطة التعادل والعائد");
    public static final Bilingual ROADMAP = new Bilingual("Integration Roadmap", "خريطة التكامل");
    public static final Bilingual RISKS = new Bilingual("Company-Specific Risks", "مخاطر خاصة بالشركة");
    public static final Bilingual MARKETS = new Bilingual("Primary Markets", "الأسواق الرئيسية");
    public static final Bilingual LIVE = new Bilingual("Live: what the fleet is doing now", "مباشر: ما يفعله الأسطول الآن");
    public static final Bilingual ERRATA = new Bilingual("Errata: corrections to the published model",
            "تصويبات: ما صُحّح في النموذج المنشور");

    /** The six charts: title and the image file of the published report ({@code {key}_0N_{file}.png}). */
    public record Chart(Bilingual title, String file) {
    }

    public static final List<Chart> CHARTS = List.of(
            new Chart(new Bilingual("Fleet Computing Power", "القوة الحسابية للأسطول"), "fleet_power"),
            new Chart(new Bilingual("Cloud Savings Comparison", "مقارنة التوفير السحابي"), "cloud_savings"),
            new Chart(new Bilingual("User Income by Market", "دخل المستخدم حسب السوق"), "user_income"),
            new Chart(new Bilingual("Environmental Impact", "الأثر البيئي"), "environmental"),
            new Chart(new Bilingual("Network Growth Projection", "توقعات نمو الشبكة"), "network_growth"),
            new Chart(new Bilingual("Breakeven & ROI", "نقطة التعادل والعائد"), "breakeven_roi"));

    /** The roadmap phases' activities, the same for every partner (MODEL.md §5.11). */
    public static final List<Bilingual> ROADMAP_ACTIVITIES = List.of(
            new Bilingual("TEE API study, SDK evaluation, security audit", "دراسة TEE API، تقييم SDK، تدقيق أمني"),
            new Bilingual("Build TEE-isolated compute module, test on reference devices",
                    "بناء وحدة حوسبة معزولة، اختبار على أجهزة مرجعية"),
            new Bilingual("OS-level integration, manufacturer SDK collaboration",
                    "تكامل على مستوى النظام، تعاون مع SDK المصنّع"),
            new Bilingual("Beta testing with real users, performance benchmarks",
                    "اختبار تجريبي مع مستخدمين حقيقيين، قياس الأداء"),
            new Bilingual("OTA update rollout, monitoring, optimization", "إطلاق عبر التحديثات، مراقبة، تحسين"));

    /** A risk row's Arabic label ({0}: TEE name, {1}: the first market's Arabic name) and its mitigation. */
    public record RiskText(String labelAr, Bilingual mitigation) {
    }

    public static final Map<String, RiskText> RISKS_BY_ID = Map.of(
            "partnership_rejection", new RiskText("رفض الشراكة", new Bilingual(
                    "Prepare compelling data, approach multiple contacts, offer pilot program",
                    "تحضير بيانات مقنعة، التواصل مع عدة جهات، عرض برنامج تجريبي")),
            "api_access_denied", new RiskText("رفض الوصول لـ {0} API", new Bilingual(
                    "Propose co-development, sign NDA, offer security audit",
                    "اقتراح تطوير مشترك، توقيع NDA، عرض تدقيق أمني")),
            "user_privacy", new RiskText("مخاوف خصوصية المستخدم", new Bilingual(
                    "TEE guarantees isolation, transparent communication, opt-in only",
                    "TEE يضمن العزل، تواصل شفاف، اشتراك اختياري فقط")),
            "battery_degradation", new RiskText("شكاوى تدهور البطارية", new Bilingual(
                    "Limit to charging+WiFi, publish transparent battery impact data",
                    "تحديد التشغيل أثناء الشحن فقط، نشر بيانات شفافة عن تأثير البطارية")),
            "regulatory", new RiskText("مشاكل تنظيمية في {1}", new Bilingual(
                    "Legal review before launch, compliance framework, local counsel",
                    "مراجعة قانونية قبل الإطلاق، إطار امتثال، مستشار محلي")),
            "us_sanctions", new RiskText("العقوبات الأمريكية تعقّد الشراكة", new Bilingual(
                    "Set up the NHP entity outside US jurisdiction, rely on open-source components",
                    "تأسيس كيان NHP خارج الولاية القضائية الأمريكية، الاعتماد على مكونات مفتوحة المصدر")),
            "in_house_solution", new RiskText("Apple تبني حلاً داخلياً منافساً", new Bilingual(
                    "Win first-mover deals with the other manufacturers, stand out through blockchain neutrality",
                    "كسب صفقات السبق مع المصنّعين الآخرين، التميز بحياد البلوكتشين")));

    /** The Arabic label of a risk of this partner. */
    public static String riskLabelAr(String id, PartnerTexts partner) {
        RiskText text = RISKS_BY_ID.get(id);
        return text == null ? "" : text.labelAr().replace("{0}", partner.teeName())
                .replace("{1}", partner.firstMarketAr());
    }

    public static Bilingual mitigation(String id) {
        RiskText text = RISKS_BY_ID.get(id);
        return text == null ? new Bilingual("", "") : text.mitigation();
    }
}
