package dev.fanout.cli.report;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

/** Records from a CSV output: cells by the header's names (the fixed columns come after any parameter of the same name). */
final class CsvRecords {
    private final Reader in;
    private final char delimiter;
    private boolean ended;

    private CsvRecords(Reader in, char delimiter) {
        this.in = in;
        this.delimiter = delimiter;
    }

    /** {@code delimiter}: ',' for CSV, a tab for TSV. */
    static ReportData read(Reader in, char delimiter) throws IOException {
        CsvRecords csv = new CsvRecords(in, delimiter);
        List<String> header = csv.row();
        if (header == null || !header.contains("url") || !header.contains("status")) {
            throw new IOException("a CSV file without fanout's header (url, …, status, …)");
        }
        int status = header.lastIndexOf("status");
        int error = header.lastIndexOf("error");
        int elapsed = header.lastIndexOf("elapsed_ms");
        int attempts = header.lastIndexOf("attempts");
        int redirects = header.lastIndexOf("redirects");
        int lastError = header.lastIndexOf("last_error");
        int finished = header.lastIndexOf("finished_ms");
        int proxy = header.lastIndexOf("proxy");
        ReportData data = new ReportData();
        long number = 1;
        List<String> row;
        while ((row = csv.row()) != null) {
            number++;
            if (row.size() == 1 && row.get(0).isEmpty()) {
                continue;
            }
            if (row.size() != header.size()) {
                data.unreadable("record " + number + ": " + row.size() + " cells where the header has " + header.size());
                continue;
            }
            try {
                String st = row.get(status);
                data.add(st.isEmpty() ? null : Integer.valueOf(st), cell(row, error), number(row, elapsed, -1),
                        (int) number(row, attempts, 1), (int) number(row, redirects, 0), cell(row, lastError),
                        (long) number(row, finished, 0));
                if (proxy >= 0) {
                    data.proxy(cell(row, proxy), !st.isEmpty());
                }
            } catch (NumberFormatException e) {
                data.unreadable("record " + number + ": " + e.getMessage());
            }
        }
        return data;
    }

    private static String cell(List<String> row, int i) {
        return i < 0 || row.get(i).isEmpty() ? null : row.get(i);
    }

    private static double number(List<String> row, int i, double absent) {
        return i < 0 || row.get(i).isEmpty() ? absent : Double.parseDouble(row.get(i));
    }

    /** The next record's cells (RFC 4180: quoted cells may hold commas, quotes doubled and line breaks), or null at the end. */
    private List<String> row() throws IOException {
        if (ended) {
            return null;
        }
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        boolean any = false;
        int c;
        while ((c = in.read()) >= 0) {
            any = true;
            if (quoted) {
                if (c == '"') {
                    in.mark(1);
                    int next = in.read();
                    if (next == '"') {
                        cell.append('"');
                    } else {
                        quoted = false;
                        if (next >= 0) {
                            in.reset();
                        }
                    }
                } else {
                    cell.append((char) c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == delimiter) {
                cells.add(cell.toString());
                cell.setLength(0);
            } else if (c == '\n') {
                break;
            } else if (c != '\r') {
                cell.append((char) c);
            }
        }
        if (c < 0) {
            ended = true;
            if (!any) {
                return null;
            }
        }
        cells.add(cell.toString());
        return cells;
    }
}
