package io.perpguard.data.market;

import io.perpguard.InvalidInputException;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPInputStream;

/**
 * A small numeric CSV reader for exchange files: optional header (detected when the first cell is not a number),
 * comma-separated, unquoted numeric cells; gzip-compressed when the name ends in {@code .gz}. Errors name the file, line and column.
 */
final class CsvTable {
    final Path file;
    final String field;
    final List<String> header;          // lower-case names, empty when the file has none
    final List<String[]> rows = new ArrayList<>();
    final List<Integer> lineNumbers = new ArrayList<>();

    private CsvTable(Path file, String field, List<String> header) {
        this.file = file;
        this.field = field;
        this.header = header;
    }

    /** A reader of the file's text; a {@code .gz} file is decompressed on the fly. */
    /** The file's lines within the input limits (io.perpguard.data.io.InputFile), gzip-compressed or not. */
    static BufferedReader open(String field, Path file) throws IOException {
        if (file.getFileName() != null && file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".gz")) {
            return new BufferedReader(io.perpguard.data.io.InputFile.limit(field, file.toString(),
                    new InputStreamReader(new GZIPInputStream(Files.newInputStream(file)), StandardCharsets.UTF_8),
                    io.perpguard.data.io.InputFile.MAX_CSV));
        }
        return io.perpguard.data.io.InputFile.lines(field, file, io.perpguard.data.io.InputFile.MAX_CSV);
    }

    static CsvTable read(String field, Path file) {
        try (BufferedReader r = open(field, file)) {
            String line;
            int no = 0;
            CsvTable t = null;
            while ((line = r.readLine()) != null) {
                no++;
                if (line.isBlank()) {
                    continue;
                }
                String[] cells = line.split(",", -1);
                for (int i = 0; i < cells.length; i++) {
                    cells[i] = cells[i].trim().replace("\"", "");
                }
                if (t == null) {
                    cells[0] = cells[0].replace("\uFEFF", "");
                    boolean isHeader = !looksNumeric(cells[0]);
                    List<String> h = new ArrayList<>();
                    if (isHeader) {
                        for (String c : cells) {
                            h.add(c.toLowerCase(Locale.ROOT));
                        }
                    }
                    t = new CsvTable(file, field, h);
                    if (isHeader) {
                        continue;
                    }
                }
                // a row wider than the header (or than the first row of a file without one) would shift nothing silently:
                // "…,60,000,…" (an unquoted thousands separator) put 60 in one column and 000 in the next
                int width = t.header.isEmpty() ? (t.rows.isEmpty() ? cells.length : t.rows.get(0).length) : t.header.size();
                for (int i = width; i < cells.length; i++) {
                    if (!cells[i].isEmpty()) {
                        throw new InvalidInputException(field, file + " line " + no + ": " + cells.length + " values where "
                                + (t.header.isEmpty() ? "the first row has " : "the header has ") + width
                                + " (a number written with a thousands separator, such as 60,000, must be written 60000)");
                    }
                }
                t.rows.add(cells);
                t.lineNumbers.add(no);
            }
            if (t == null || t.rows.isEmpty()) {
                throw new InvalidInputException(field, file + " has no data rows");
            }
            return t;
        } catch (NoSuchFileException e) {
            throw new InvalidInputException(field, "file " + file + " does not exist");
        } catch (IOException e) {
            throw new InvalidInputException(field, "cannot read " + file + ": " + io.perpguard.data.io.InputFile.reason(e));
        }
    }

    private static boolean looksNumeric(String s) {
        if (s.isEmpty()) {
            return false;
        }
        char c = s.charAt(0);
        return Character.isDigit(c) || c == '-' || c == '.';
    }

    /** Column index of the first of {@code names} present in the header, or {@code fallback} when there is no header. */
    int column(String what, int fallback, String... names) {
        if (header.isEmpty()) {
            return fallback;
        }
        for (String n : names) {
            int i = header.indexOf(n);
            if (i >= 0) {
                if (header.lastIndexOf(n) != i) {
                    // two columns of one name: which one holds the figures is a guess, so neither is read
                    throw new InvalidInputException(field, file + ": the header has two '" + n + "' columns (" + (i + 1) + " and "
                            + (header.lastIndexOf(n) + 1) + "); keep one");
                }
                return i;
            }
        }
        if (fallback < 0) {
            return -1;
        }
        throw new InvalidInputException(field, file + ": no " + what + " column (looked for " + String.join(", ", names)
                + "; header is " + String.join(",", header) + ")");
    }

    double number(int row, int col, String what) {
        String[] cells = rows.get(row);
        if (col >= cells.length) {
            throw bad(row, "missing " + what + " column");
        }
        try {
            if (!io.perpguard.Checks.plain(cells[col])) {   // 60000d, 0x1p4 were read by Java's rules
                throw new NumberFormatException(cells[col]);
            }
            double v = Double.parseDouble(cells[col]);
            if (!Double.isFinite(v) || v == 0 || Math.abs(v) < io.perpguard.Checks.MIN_MAGNITUDE) {
                try {
                    io.perpguard.Checks.read(what, "'" + io.perpguard.data.io.Excerpt.of(cells[col]) + "'", cells[col], v);
                } catch (InvalidInputException e) {
                    throw bad(row, what + " " + e.problem());
                }
            }
            return v;
        } catch (NumberFormatException e) {
            throw bad(row, what + " '" + io.perpguard.data.io.Excerpt.of(cells[col]) + "' is not a number");
        }
    }

    /** A number, or NaN when the cell is empty or absent. */
    double optionalNumber(int row, int col, String what) {
        String[] cells = rows.get(row);
        if (col < 0 || col >= cells.length || cells[col].isEmpty()) {
            return Double.NaN;
        }
        return number(row, col, what);
    }

    /** A time in any unit TimeColumn reads, inside EpochTime's window (2009-01-03 to a day past the clock). */
    long time(int row, int col, String what) {
        String[] cells = rows.get(row);
        if (col >= cells.length) {
            throw bad(row, "missing " + what + " column");
        }
        long ms;
        try {
            ms = TimeColumn.toEpochMs(cells[col]);
        } catch (NumberFormatException | java.time.DateTimeException | ArithmeticException e) {
            throw bad(row, what + " " + e.getMessage());
        }
        String outside = io.perpguard.data.json.EpochTime.outsideWindow(ms, System.currentTimeMillis(), io.perpguard.data.json.EpochTime.FUTURE_SLACK_MS);
        if (outside != null) {
            throw bad(row, what + " '" + io.perpguard.data.io.Excerpt.of(cells[col]) + "' = " + outside);
        }
        return ms;
    }

    InvalidInputException bad(int row, String problem) {
        return new InvalidInputException(field, file + " line " + lineNumbers.get(row) + ": " + problem);
    }
}
