package io.nhp.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nhp.contracts.serde.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The figures of a run, beside their targets: bench/RESULTS.md (a table) and bench/results.json (raw). */
final class Results {

    /** One measured figure; {@code met} is null when the figure has no target. */
    record Figure(String scenario, String measure, double value, String unit, String target, Boolean met, String note) {
    }

    private final List<Figure> figures = new ArrayList<>();
    /** Lines about how the run was set up (e.g. every measured process's JVM options), printed above the table. */
    private final List<String> settings = new ArrayList<>();
    private final boolean quick;

    Results(boolean quick) {
        this.quick = quick;
    }

    void add(String scenario, String measure, double value, String unit, String target, Boolean met, String note) {
        figures.add(new Figure(scenario, measure, value, unit, target, met, note));
        Bench.say(String.format(Locale.ROOT, "%-18s %-46s %10s %-7s %s", scenario, measure, format(value), unit,
                target == null ? "" : "target " + target + (met == null ? "" : met ? " ✓" : " ✗")));
    }

    /** A line about the run's set-up, printed under the header of RESULTS.md (and in results.json's settings). */
    void setting(String line) {
        settings.add(line);
        Bench.say(line);
    }

    void write(Path markdown, Path json, String commit, String machine) throws IOException {
        StringBuilder md = new StringBuilder();
        md.append("# Benchmark results\n\n");
        md.append("- Date: ").append(Instant.now()).append("\n");
        md.append("- Commit: ").append(commit).append("\n");
        md.append("- Machine: ").append(machine).append("\n");
        md.append("- Mode: ").append(quick ? "quick (short runs: the harness works; the figures are indicative)"
                : "full").append("\n");
        settings.forEach(line -> md.append("- ").append(line).append("\n"));
        md.append("\n");
        md.append("| Scenario | Measure | Value | Target | Met | Note |\n|---|---|---|---|---|---|\n");
        for (Figure f : figures) {
            md.append("| ").append(f.scenario()).append(" | ").append(f.measure()).append(" | ")
                    .append(format(f.value())).append(' ').append(f.unit()).append(" | ")
                    .append(f.target() == null ? "—" : f.target()).append(" | ")
                    .append(f.met() == null ? "—" : f.met() ? "yes" : "**no**").append(" | ")
                    .append(f.note() == null ? "" : f.note()).append(" |\n");
        }
        Files.writeString(markdown, md.toString());
        ObjectNode root = Json.MAPPER.createObjectNode().put("date", Instant.now().toString()).put("commit", commit)
                .put("machine", machine).put("quick", quick);
        settings.forEach(root.putArray("settings")::add);
        ArrayNode rows = root.putArray("figures");
        figures.forEach(f -> rows.add(Json.MAPPER.valueToTree(f)));
        Files.writeString(json, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root));
    }

    static String format(double value) {
        return value >= 100 ? String.format(Locale.ROOT, "%,.0f", value) : String.format(Locale.ROOT, "%.2f", value);
    }
}
