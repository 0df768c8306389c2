package dev.fanout.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The records of a JSONL, CSV or SQLite output as maps of column to text (null for an empty cell or null). */
final class EachRecords {
    private static final ObjectMapper JSON = new ObjectMapper();

    private EachRecords() {
    }

    static List<Map<String, String>> read(Path out, String format) throws IOException, SQLException {
        return switch (format) {
            case "jsonl" -> jsonl(Files.readString(out, StandardCharsets.UTF_8));
            case "csv" -> csv(Files.readString(out, StandardCharsets.UTF_8));
            case "sqlite" -> sqlite(out);
            default -> throw new IllegalArgumentException(format);
        };
    }

    /** JSONL records, {@code params} and {@code fields} flattened into the top level. */
    static List<Map<String, String>> jsonl(String text) throws IOException {
        List<Map<String, String>> rows = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode r = JSON.readTree(line);
            Map<String, String> row = new LinkedHashMap<>();
            r.fields().forEachRemaining(e -> {
                if (e.getKey().equals("params") || e.getKey().equals("fields")) {
                    e.getValue().fields().forEachRemaining(p -> row.put(p.getKey(), text(p.getValue())));
                } else {
                    row.put(e.getKey(), text(e.getValue()));
                }
            });
            rows.add(row);
        }
        return rows;
    }

    private static String text(JsonNode v) {
        return v == null || v.isNull() ? null : v.isValueNode() ? v.asText() : v.toString();
    }

    /** RFC 4180: quoted cells may hold commas, quotes (doubled) and line breaks. */
    static List<Map<String, String>> csv(String text) {
        List<List<String>> lines = new ArrayList<>();
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cell.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                cells.add(cell.toString());
                cell.setLength(0);
            } else if (c == '\n') {
                cells.add(cell.toString());
                cell.setLength(0);
                lines.add(cells);
                cells = new ArrayList<>();
            } else if (c != '\r') {
                cell.append(c);
            }
        }
        List<String> header = lines.get(0);
        List<Map<String, String>> rows = new ArrayList<>();
        for (List<String> line : lines.subList(1, lines.size())) {
            Map<String, String> row = new LinkedHashMap<>();
            for (int i = 0; i < header.size(); i++) {
                row.put(header.get(i), line.get(i).isEmpty() ? null : line.get(i));
            }
            rows.add(row);
        }
        return rows;
    }

    static List<String> csvHeader(String text) {
        return List.of(text.substring(0, text.indexOf("\r\n")).split(","));
    }

    static List<Map<String, String>> sqlite(Path out) throws SQLException {
        List<Map<String, String>> rows = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + out);
             Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT * FROM results ORDER BY idx, item")) {
            ResultSetMetaData meta = r.getMetaData();
            while (r.next()) {
                Map<String, String> row = new LinkedHashMap<>();
                for (int i = 1; i <= meta.getColumnCount(); i++) {
                    row.put(meta.getColumnName(i), r.getString(i));
                }
                rows.add(row);
            }
        }
        return rows;
    }
}
