package io.nhp.report.render;

/** A text in English and Arabic. */
public record Bilingual(String en, String ar) {

    /** As the bilingual Markdown report prints a heading: {@code "EN / AR"}. */
    public String both() {
        return en + " / " + ar;
    }

    public String in(Lang lang) {
        return lang == Lang.AR ? ar : en;
    }
}
