package io.nhp.report.render;

import java.util.Locale;

/** The language of an HTML report: {@code ?lang=en|ar}. */
public enum Lang {
    EN, AR;

    public static Lang of(String value) {
        return Lang.valueOf(value.toUpperCase(Locale.ROOT));
    }

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The page's writing direction. */
    public String dir() {
        return this == AR ? "rtl" : "ltr";
    }
}
