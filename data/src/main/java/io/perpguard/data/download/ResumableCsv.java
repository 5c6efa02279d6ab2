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
 * column of the last complete row tells where to resume. A new file (and its directory) is only created with its first
 * page, so a download that fails or finds nothing leaves no empty directory and no header-only file behind.
 */
final class ResumableCsv {
    final Path file;
    /** First-column time of the last complete row, or −1 for a new or empty file. */
    final long lastTime;
    final int existingRows;
    /** The header still to write before the first rows of a new file, else null. */
    private String pendingHeader;

    private ResumableCsv(Path file, long lastTime, int existingRows, String pendingHeader) {
        this.file = file;
        this.lastTime = lastTime;
        this.existingRows = existingRows;
        this.pendingHeader = pendingHeader;
    }

    static ResumableCsv open(Path file, String header) {
        try {
            if (!Files.exists(file) || Files.size(file) == 0) {
                return new ResumableCsv(file, -1, 0, header);
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
            return new ResumableCsv(file, last, rows, null);
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
        if (pendingHeader != null) {
            sb.append(pendingHeader).append('\n');
        }
        for (String r : rows) {
            sb.append(r).append('\n');
        }
        try {
            if (pendingHeader != null && file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + file.getParent() + ": " + e.getMessage(), e);
        }
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
            w.write(sb.toString());
            pendingHeader = null;
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
