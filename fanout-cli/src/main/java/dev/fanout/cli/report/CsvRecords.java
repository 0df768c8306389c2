package dev.fanout.cli.report;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

import static dev.fanout.sink.RecordColumn.ATTEMPTS;
import static dev.fanout.sink.RecordColumn.ELAPSED_MS;
import static dev.fanout.sink.RecordColumn.ERROR;
import static dev.fanout.sink.RecordColumn.FINISHED_MS;
import static dev.fanout.sink.RecordColumn.LAST_ERROR;
import static dev.fanout.sink.RecordColumn.PROXY;
import static dev.fanout.sink.RecordColumn.REDIRECTS;
import static dev.fanout.sink.RecordColumn.STATUS;
import static dev.fanout.sink.RecordColumn.URL;

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
        if (header == null || !header.contains(URL.wireName()) || !header.contains(STATUS.wireName())) {
            throw new IOException("a CSV file without fanout's header (" + URL.wireName() + ", …, " + STATUS.wireName() + ", …)");
        }
        int status = header.lastIndexOf(STATUS.wireName());
        int error = header.lastIndexOf(ERROR.wireName());
        int elapsed = header.lastIndexOf(ELAPSED_MS.wireName());
        int attempts = header.lastIndexOf(ATTEMPTS.wireName());
        int redirects = header.lastIndexOf(REDIRECTS.wireName());
        int lastError = header.lastIndexOf(LAST_ERROR.wireName());
        int finished = header.lastIndexOf(FINISHED_MS.wireName());
        int proxy = header.lastIndexOf(PROXY.wireName());
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
