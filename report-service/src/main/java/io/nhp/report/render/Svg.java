package io.nhp.report.render;

import java.util.List;
import java.util.Locale;

/**
 * Server-side SVG charts: grouped bars and lines with a zero-based axis, a legend and labels, sized by a viewBox so
 * they scale on screen and print sharp. No script, no external resource: a report works offline.
 */
public final class Svg {

    /** One series: its legend label, colour and a value per category (or per x position). */
    public record Series(String label, String color, List<Double> values) {
    }

    private static final int WIDTH = 760;
    private static final int HEIGHT = 340;
    private static final int LEFT = 78;
    private static final int RIGHT = 16;
    private static final int TOP = 46;
    private static final int BOTTOM = 56;
    private static final int TICKS = 5;

    private Svg() {
    }

    /**
     * Grouped bars: one group per category, one bar per series. With a single series, {@code categoryColors} (if
     * given) colours each bar.
     */
    public static String bars(String title, List<String> categories, List<Series> series, List<String> categoryColors,
                              String unit) {
        Scale y = Scale.of(series);
        StringBuilder svg = open(title);
        axis(svg, y, unit);
        double group = (double) plotWidth() / categories.size();
        double bar = group * 0.8 / series.size();
        for (int c = 0; c < categories.size(); c++) {
            double x0 = LEFT + c * group + group * 0.1;
            for (int s = 0; s < series.size(); s++) {
                double value = series.get(s).values().get(c);
                String color = series.size() == 1 && categoryColors != null ? categoryColors.get(c) : series.get(s).color();
                double top = y.pixel(Math.max(value, 0));
                double height = Math.abs(y.pixel(value) - y.pixel(0));
                svg.append(String.format(Locale.ROOT,
                        "<rect class=\"bar\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\">"
                                + "<title>%s: %s</title></rect>",
                        x0 + s * bar, value >= 0 ? top : y.pixel(0), Math.max(bar - 2, 1), Math.max(height, 0.5), color,
                        escape(categories.get(c) + (series.size() > 1 ? " · " + series.get(s).label() : "")),
                        compact(value, unit)));
            }
            label(svg, LEFT + c * group + group / 2, HEIGHT - BOTTOM + 18, categories.get(c));
        }
        if (series.size() > 1) {
            legend(svg, series);
        }
        return svg.append("</svg>").toString();
    }

    /** Lines over x positions, one per series, with a dot per value. */
    public static String lines(String title, List<String> xLabels, List<Series> series, String unit) {
        Scale y = Scale.of(series);
        StringBuilder svg = open(title);
        axis(svg, y, unit);
        double step = (double) plotWidth() / Math.max(xLabels.size() - 1, 1);
        for (int i = 0; i < xLabels.size(); i++) {
            label(svg, LEFT + i * step, HEIGHT - BOTTOM + 18, xLabels.get(i));
        }
        for (Series s : series) {
            StringBuilder points = new StringBuilder();
            for (int i = 0; i < s.values().size(); i++) {
                points.append(String.format(Locale.ROOT, "%.1f,%.1f ", LEFT + i * step, y.pixel(s.values().get(i))));
            }
            svg.append("<polyline class=\"line\" fill=\"none\" stroke-width=\"2.5\" stroke=\"").append(s.color())
                    .append("\" points=\"").append(points.toString().trim()).append("\"/>");
            for (int i = 0; i < s.values().size(); i++) {
                svg.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3.5\" fill=\"%s\">"
                                + "<title>%s · %s: %s</title></circle>", LEFT + i * step, y.pixel(s.values().get(i)),
                        s.color(), escape(s.label()), escape(xLabels.get(i)), compact(s.values().get(i), unit)));
            }
        }
        legend(svg, series);
        return svg.append("</svg>").toString();
    }

    private static StringBuilder open(String title) {
        StringBuilder svg = new StringBuilder();
        svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" role=\"img\" viewBox=\"0 0 ")
                .append(WIDTH).append(' ').append(HEIGHT).append("\" width=\"").append(WIDTH).append("\" height=\"")
                .append(HEIGHT).append("\" aria-label=\"").append(escape(title)).append("\" font-family=\"system-ui, "
                        + "'Noto Sans Arabic', 'DejaVu Sans', sans-serif\" font-size=\"12\"><title>")
                .append(escape(title)).append("</title>");
        svg.append("<text x=\"").append(WIDTH / 2).append("\" y=\"18\" text-anchor=\"middle\" font-size=\"15\" "
                + "font-weight=\"600\">").append(escape(title)).append("</text>");
        return svg;
    }

    private static void axis(StringBuilder svg, Scale y, String unit) {
        for (int i = 0; i <= TICKS; i++) {
            double value = y.min() + (y.max() - y.min()) * i / TICKS;
            double py = y.pixel(value);
            svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#ddd\"/>",
                    LEFT, WIDTH - RIGHT, py, py));
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\" fill=\"#555\">%s</text>",
                    LEFT - 6, py + 4, compact(value, unit)));
        }
        svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#444\"/>",
                LEFT, WIDTH - RIGHT, y.pixel(0), y.pixel(0)));
    }

    private static void legend(StringBuilder svg, List<Series> series) {
        double slot = (double) plotWidth() / series.size();
        for (int s = 0; s < series.size(); s++) {
            double x = LEFT + s * slot;
            svg.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"28\" width=\"10\" height=\"10\" fill=\"%s\"/>"
                    + "<text x=\"%.1f\" y=\"37\">%s</text>", x, series.get(s).color(), x + 14,
                    escape(series.get(s).label())));
        }
    }

    private static void label(StringBuilder svg, double x, double y, String text) {
        svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%s</text>", x, y,
                escape(text)));
    }

    private static int plotWidth() {
        return WIDTH - LEFT - RIGHT;
    }

    /** An axis or tooltip figure: 1.8M, 3.7B, 248K, with the unit ($ before, % after). */
    static String compact(double value, String unit) {
        double abs = Math.abs(value);
        String number;
        if (abs >= 1e9) {
            number = trim(value / 1e9) + "B";
        } else if (abs >= 1e6) {
            number = trim(value / 1e6) + "M";
        } else if (abs >= 1e3) {
            number = trim(value / 1e3) + "K";
        } else {
            number = trim(value);
        }
        return switch (unit) {
            case "$" -> number.startsWith("-") ? "-$" + number.substring(1) : "$" + number;
            case "%" -> number + "%";
            default -> number;
        };
    }

    /** One decimal, two below 10 (so that 0.25 and 0.3 stay apart); no trailing zeros. */
    private static String trim(double value) {
        String text = String.format(Locale.ROOT, Math.abs(value) < 10 ? "%.2f" : "%.1f", value);
        return text.contains(".") ? text.replaceAll("0+$", "").replaceAll("\\.$", "") : text;
    }

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    /** The value axis: from the lowest value (or 0) to the highest (or 0), with headroom. */
    private record Scale(double min, double max) {

        static Scale of(List<Series> series) {
            double min = 0;
            double max = 0;
            for (Series s : series) {
                for (double v : s.values()) {
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                }
            }
            if (min == max) {
                max = 1;
            }
            double span = max - min;
            return new Scale(min < 0 ? min - span * 0.05 : 0, max > 0 ? max + span * 0.05 : 0);
        }

        double pixel(double value) {
            double plot = HEIGHT - TOP - BOTTOM;
            return TOP + plot * (max - value) / (max - min);
        }
    }
}
