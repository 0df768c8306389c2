package dev.fanout.cli;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Just enough of a terminal for tests of what fanout draws: printable text wraps at the width, {@code \r},
 * {@code \n}, erase-line ({@code ESC[K}) and cursor-up ({@code ESC[A}, {@code ESC[nA}); a resize re-flows the
 * wrapped lines as tmux does. Bytes written by either stream land on one screen, in order.
 */
final class FakeTerminal {
    private final List<StringBuilder> rows = new ArrayList<>(List.of(new StringBuilder()));
    private final List<Boolean> wrapped = new ArrayList<>(List.of(false));
    private int width;
    private int row;
    private int col;

    FakeTerminal(int width) {
        this.width = width;
    }

    int width() {
        return width;
    }

    /** An output stream onto this screen (stdout and stderr are two of these). */
    OutputStream stream() {
        return new ByteArrayOutputStream() {
            @Override
            public synchronized void flush() {
                feed(toString(StandardCharsets.UTF_8));
                reset();
            }

            @Override
            public synchronized void write(byte[] b, int off, int len) {
                super.write(b, off, len);
                flush();
            }

            @Override
            public synchronized void write(int b) {
                super.write(b);
                flush();
            }
        };
    }

    synchronized void feed(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\u001b' && i + 1 < s.length() && s.charAt(i + 1) == '[') {
                int j = i + 2;
                while (j < s.length() && Character.isDigit(s.charAt(j))) {
                    j++;
                }
                int n = j > i + 2 ? Integer.parseInt(s.substring(i + 2, j)) : 1;
                char cmd = s.charAt(j);
                if (cmd == 'K') {
                    StringBuilder r = rows.get(row);
                    r.setLength(Math.min(r.length(), col));
                    wrapped.set(row, false);
                } else if (cmd == 'A') {
                    row = Math.max(0, row - n);
                } else {
                    throw new IllegalStateException("escape not emulated: ESC[" + s.substring(i + 2, j + 1));
                }
                i = j;
            } else if (c == '\r') {
                col = 0;
            } else if (c == '\n') {
                newRow(false);
            } else {
                if (col == width) {
                    newRow(true);
                }
                StringBuilder r = rows.get(row);
                while (r.length() < col) {
                    r.append(' ');
                }
                if (col < r.length()) {
                    r.setCharAt(col, c);
                } else {
                    r.append(c);
                }
                col++;
            }
        }
    }

    private void newRow(boolean wrap) {
        wrapped.set(row, wrap);
        row++;
        if (row == rows.size()) {
            rows.add(new StringBuilder());
            wrapped.add(false);
        }
        col = 0;
    }

    /** Re-flows every line to {@code newWidth}; the cursor stays at the end of the text it was at. */
    synchronized void resize(int newWidth) {
        List<String> lines = new ArrayList<>();
        int cursorLine = 0;
        int cursorOffset = 0;
        StringBuilder line = new StringBuilder();
        for (int r = 0; r < rows.size(); r++) {
            if (r == row) {
                cursorLine = lines.size();
                cursorOffset = line.length() + col;
            }
            line.append(rows.get(r));
            if (!wrapped.get(r)) {
                lines.add(line.toString());
                line = new StringBuilder();
            }
        }
        if (!line.isEmpty()) {
            lines.add(line.toString());
        }
        rows.clear();
        wrapped.clear();
        width = newWidth;
        for (int l = 0; l < lines.size(); l++) {
            String text = lines.get(l);
            int start = 0;
            do {
                int end = Math.min(text.length(), start + newWidth);
                if (l == cursorLine && cursorOffset >= start && (cursorOffset < end || end == text.length())) {
                    row = rows.size();
                    col = cursorOffset - start;
                }
                rows.add(new StringBuilder(text.substring(start, end)));
                wrapped.add(end < text.length());
                start = end;
            } while (start < text.length());
        }
    }

    /** The rows as shown, trailing empty ones dropped. */
    synchronized List<String> screen() {
        List<String> out = new ArrayList<>();
        for (StringBuilder r : rows) {
            out.add(r.toString());
        }
        while (!out.isEmpty() && out.get(out.size() - 1).isEmpty()) {
            out.remove(out.size() - 1);
        }
        return out;
    }
}
