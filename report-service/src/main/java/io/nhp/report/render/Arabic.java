package io.nhp.report.render;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Arabic of the report's labels: table headers, row labels, the scenario names and the few phrases the model
 * prints in its cells (months, phases, levels). Figures stay as the model prints them, as in the published report;
 * proper names (companies, chips, clouds) stay as they are.
 */
public final class Arabic {

    private static final Map<String, String> WORDS = Map.ofEntries(
            // table headers
            Map.entry("Field", "الحقل"), Map.entry("Value", "القيمة"), Map.entry("Model", "الطراز"),
            Map.entry("Year", "السنة"), Map.entry("GPU", "المعالج الرسومي"), Map.entry("TOPS", "TOPS"),
            Map.entry("RAM", "الذاكرة"), Map.entry("Units (M)", "الوحدات (مليون)"), Map.entry("Metric", "المقياس"),
            Map.entry("Variant", "السيناريو"), Map.entry("Uptime", "نسبة التشغيل"),
            Map.entry("Active Devices", "الأجهزة النشطة"), Map.entry("Fleet TOPS", "TOPS الأسطول"),
            Map.entry("H100 Equiv", "مكافئ H100"), Map.entry("Property", "الخاصية"), Map.entry("Detail", "التفاصيل"),
            Map.entry("Coverage", "التغطية"), Map.entry("Annual Savings", "التوفير السنوي"),
            Map.entry("Savings %", "نسبة التوفير"), Map.entry("Region", "المنطقة"), Map.entry("Electricity", "الكهرباء"),
            Map.entry("Token Price", "سعر التوكن"), Map.entry("Monthly Net", "الصافي الشهري"),
            Map.entry("Annual Net", "الصافي السنوي"), Map.entry("% of Avg Income", "٪ من متوسط الدخل"),
            Map.entry("DCs Replaced", "مراكز البيانات المستبدلة"), Map.entry("CO₂ Saved (net tons)", "CO₂ الموفَّر (طن صافٍ)"),
            Map.entry("Cars Removed", "سيارات مُزالة"), Map.entry("Phone CO₂ Added", "CO₂ المضاف من الهواتف"),
            Map.entry("Growth/yr", "النمو/سنة"), Map.entry("Year 1", "السنة 1"), Map.entry("Year 2", "السنة 2"),
            Map.entry("Year 3", "السنة 3"), Map.entry("Year 4", "السنة 4"), Map.entry("Year 5", "السنة 5"),
            Map.entry("Aspect", "الجانب"), Map.entry("Assessment", "التقييم"), Map.entry("Breakeven", "نقطة التعادل"),
            Map.entry("5yr Net", "صافي 5 سنوات"), Map.entry("5yr ROI", "عائد 5 سنوات"), Map.entry("Phase", "المرحلة"),
            Map.entry("Timeline", "الجدول الزمني"), Map.entry("Activities", "الأنشطة"), Map.entry("Risk", "الخطر"),
            Map.entry("Probability", "الاحتمال"), Map.entry("Impact", "الأثر"), Map.entry("Mitigation", "التخفيف"),
            Map.entry("Cloud offer", "العرض السحابي"), Map.entry("Avoided cost", "التكلفة الموفَّرة"),
            Map.entry("Net of payouts", "الصافي بعد المدفوعات"), Map.entry("Scenario uptime", "نسبة تشغيل السيناريو"),
            Map.entry("Avoided net of payouts", "الموفَّر بعد المدفوعات"),
            Map.entry("Cloud cost incurred", "تكلفة السحابة المتكبَّدة"),
            // row labels
            Map.entry("Name", "الاسم"), Map.entry("Ticker", "رمز السهم"), Map.entry("HQ", "المقر"),
            Map.entry("Founded", "سنة التأسيس"), Map.entry("CEO", "الرئيس التنفيذي"), Map.entry("Market Cap", "القيمة السوقية"),
            Map.entry("Annual Revenue", "الإيرادات السنوية"), Map.entry("Market Share", "الحصة السوقية"),
            Map.entry("Annual Sales", "المبيعات السنوية"), Map.entry("Primary OS", "نظام التشغيل"),
            Map.entry("Primary Chipset", "الشريحة الرئيسية"), Map.entry("Total active devices", "إجمالي الأجهزة النشطة"),
            Map.entry("Avg flagship TOPS", "متوسط TOPS للرائدة"), Map.entry("Avg mid-range TOPS", "متوسط TOPS للمتوسطة"),
            Map.entry("TEE Name", "اسم TEE"), Map.entry("Description", "الوصف"), Map.entry("Maturity", "النضج"),
            Map.entry("Certifications", "الشهادات"), Map.entry("API Openness", "انفتاح API"),
            Map.entry("Likelihood", "الاحتمالية"), Map.entry("Integration Difficulty", "صعوبة التكامل"),
            Map.entry("Est. Integration Time", "مدة التكامل المقدرة"), Map.entry("Est. Integration Cost", "تكلفة التكامل المقدرة"),
            // levels and states the model prints
            Map.entry("High", "مرتفع"), Map.entry("Medium", "متوسط"), Map.entry("Low", "منخفض"),
            Map.entry("Critical", "حرج"), Map.entry("Easy", "سهل"), Map.entry("Moderate", "متوسط"), Map.entry("Hard", "صعب"),
            Map.entry("Needs work", "يحتاج عملاً"), Map.entry("Ready", "جاهز"), Map.entry("Unknown", "غير معروف"),
            Map.entry("Negotiable", "قابل للتفاوض"), Map.entry("Very Hard", "صعب جداً"),
            Map.entry("Developing", "قيد التطوير"), Map.entry("Mature", "ناضج"), Map.entry("Open", "مفتوح"),
            Map.entry("Restricted", "مقيد"), Map.entry("Closed", "مغلق"), Map.entry("Private", "خاصة"),
            // scenarios
            Map.entry("Optimistic", "متفائل"), Map.entry("Pessimistic", "متشائم"), Map.entry("Catastrophic", "كارثي"),
            Map.entry("Research", "البحث"), Map.entry("Prototype", "النموذج الأولي"), Map.entry("Integration", "التكامل"),
            Map.entry("Testing", "الاختبار"), Map.entry("Launch", "الإطلاق"));

    private static final Pattern EMOJI_WORD = Pattern.compile("^(\\S+) ([A-Za-z][A-Za-z ]*)$");
    private static final Pattern PHASE = Pattern.compile("^(\\S+) Phase (\\d+): (\\w+)$");
    private static final Pattern MONTHS = Pattern.compile("^(\\d+) months$");
    private static final Pattern MONTH_RANGE = Pattern.compile("^Month (\\S+)$");

    private Arabic() {
    }

    /** The Arabic of a label or a cell, or the text itself when it is a figure or a name. */
    public static String of(String text) {
        String word = WORDS.get(text);
        if (word != null) {
            return word;
        }
        Matcher m = PHASE.matcher(text);
        if (m.matches()) {
            return m.group(1) + " المرحلة " + m.group(2) + ": " + WORDS.getOrDefault(m.group(3), m.group(3));
        }
        m = MONTHS.matcher(text);
        if (m.matches()) {
            return m.group(1) + " أشهر";
        }
        m = MONTH_RANGE.matcher(text);
        if (m.matches()) {
            return "الشهر " + m.group(1);
        }
        m = EMOJI_WORD.matcher(text); // "🟢 Optimistic", "🟡 Needs work", "🔴 Critical"
        if (m.matches() && WORDS.containsKey(m.group(2))) {
            return m.group(1) + " " + WORDS.get(m.group(2));
        }
        return text;
    }

    /** In the page's language. */
    public static String in(Lang lang, String text) {
        return lang == Lang.AR ? of(text) : text;
    }
}
