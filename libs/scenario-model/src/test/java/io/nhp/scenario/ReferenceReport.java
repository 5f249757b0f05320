package io.nhp.scenario;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The published report, read back into its parts: per numbered section ({@code ## 5. …}) its tables (rows of
 * cells, header and separator dropped) and its other non-empty lines, with Markdown bold removed.
 */
record ReferenceReport(Map<Integer, Section> sections) {

    static final Path XIAOMI = Path.of("../model-data/reference/NHP_x_XIAOMI.md");

    record Section(List<List<List<String>>> tables, List<String> lines) {

        List<List<String>> table(int i) {
            return tables.get(i);
        }

        /** The text after {@code prefix} on the first line that starts with it. */
        String after(String prefix) {
            return lines.stream().filter(l -> l.startsWith(prefix)).findFirst()
                    .map(l -> l.substring(prefix.length()))
                    .orElseThrow(() -> new AssertionError("no line starting with '" + prefix + "' in " + lines));
        }

        List<String> linesStartingWith(String prefix) {
            return lines.stream().filter(l -> l.startsWith(prefix)).toList();
        }
    }

    static ReferenceReport read(Path file) {
        try {
            return parse(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the reference report " + file.toAbsolutePath(), e);
        }
    }

    static ReferenceReport parse(String markdown) {
        Map<Integer, Section> sections = new LinkedHashMap<>();
        Section current = null;
        List<List<String>> table = null;
        for (String raw : markdown.split("\n")) {
            String line = raw.replace("**", "").trim();
            if (line.matches("## \\d+\\..*")) {
                current = new Section(new ArrayList<>(), new ArrayList<>());
                sections.put(Integer.parseInt(line.substring(3, line.indexOf('.'))), current);
                table = null;
            } else if (current == null || line.isEmpty()) {
                table = null;
            } else if (line.startsWith("|")) {
                List<String> cells = Arrays.stream(line.substring(1, line.length() - 1).split("\\|", -1))
                        .map(String::trim).toList();
                if (table == null) {
                    table = new ArrayList<>(); // this row is the header
                    current.tables().add(table);
                } else if (!cells.get(0).startsWith("---")) {
                    table.add(cells);
                }
            } else {
                table = null;
                current.lines().add(line);
            }
        }
        return new ReferenceReport(sections);
    }

    Section section(int number) {
        return sections.get(number);
    }
}
