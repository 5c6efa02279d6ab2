package io.perpguard.data.download;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * An output CSV that a download appends to page by page, so an interrupted run leaves every completed page on disk.
 * On reopening, a torn last line (no newline: the process died mid-write) is cut off and the time in the first
 * column of the last complete row tells where to resume.
 */
final class ResumableCsv {
    final Path file;
    /** First-column time of the last complete row, or −1 for a new or empty file. */
    final long lastTime;
    final int existingRows;

    private ResumableCsv(Path file, long lastTime, int existingRows) {
        this.file = file;
        this.lastTime = lastTime;
        this.existingRows = existingRows;
    }

    static ResumableCsv open(Path file, String header) {
        try {
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            if (!Files.exists(file) || Files.size(file) == 0) {
                Files.writeString(file, header + "\n", StandardCharsets.UTF_8);
                return new ResumableCsv(file, -1, 0);
            }
            cutTornLine(file);
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            long last = -1;
            int rows = 0;
            for (String l : lines) {
                if (l.isBlank() || !Character.isDigit(l.charAt(0))) {
                    continue;
                }
                rows++;
                last = Long.parseLong(l.substring(0, l.indexOf(',') < 0 ? l.length() : l.indexOf(',')).trim());
            }
            if (lines.isEmpty()) {
                Files.writeString(file, header + "\n", StandardCharsets.UTF_8);
            }
            return new ResumableCsv(file, last, rows);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open " + file + ": " + e.getMessage(), e);
        } catch (NumberFormatException e) {
            throw new DownloadException(file + " exists but its last row does not start with a time; move it away or choose another --out");
        }
    }

    /** Appends complete rows in one write and forces them to disk before the next page is fetched. */
    void append(List<String> rows) {
        if (rows.isEmpty()) {
            return;
        }
        StringBuilder sb = new StringBuilder();
        for (String r : rows) {
            sb.append(r).append('\n');
        }
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.APPEND)) {
            w.write(sb.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    private static void cutTornLine(Path file) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            long len = f.length();
            long pos = len - 1;
            f.seek(pos);
            if (f.read() == '\n') {
                return;
            }
            while (pos > 0) {
                f.seek(--pos);
                if (f.read() == '\n') {
                    break;
                }
            }
            f.setLength(pos <= 0 ? 0 : pos + 1);
        }
    }
}
