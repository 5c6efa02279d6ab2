package io.perpguard.data.io;

import io.perpguard.InvalidInputException;

import java.io.BufferedReader;
import java.io.FilterReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Opens user-named input files with limits, so {@code /dev/zero}, {@code /dev/urandom} or a mistaken multi-gigabyte
 * file is refused in milliseconds with one line instead of filling the memory: at most {@code maxChars} characters in
 * all, at most {@value #MAX_LINE} per line, valid UTF-8 only.
 */
public final class InputFile {
    /** Longest line of any text input (CSV row, JSON line). */
    public static final int MAX_LINE = 64 * 1024;
    /** Largest JSON input file (accounts, plans, policies, tiers, scenarios). */
    public static final long MAX_JSON = 16L * 1024 * 1024;
    /** Largest CSV input file (candles, journals, funding, open interest). */
    public static final long MAX_CSV = 1024L * 1024 * 1024;

    private InputFile() {
    }

    /**
     * What went wrong reading a file, for a one-line error: the exception's message, or what its kind means when it has
     * none (a file that starts like gzip and stops read "cannot read F: null").
     */
    public static String reason(IOException e) {
        String m = e.getMessage();
        if (m != null && !m.isBlank()) {
            return io.perpguard.Checks.clip(m.lines().findFirst().orElse(m).strip());
        }
        return e instanceof java.io.EOFException ? "it ends early (a truncated or partly written file?)" : e.getClass().getSimpleName();
    }

    /** The whole file as text (JSON, which may be one long line), refusing more than {@code maxChars}. */
    public static String readText(String field, Path file, long maxChars) {
        try (Reader r = reader(field, file, maxChars, Long.MAX_VALUE)) {
            StringBuilder sb = new StringBuilder();
            char[] buf = new char[8192];
            int n;
            while ((n = r.read(buf)) >= 0) {
                sb.append(buf, 0, n);
            }
            return sb.toString();
        } catch (IOException e) {
            throw new InvalidInputException(field, "cannot read " + file + ": " + reason(e));
        }
    }

    /** A line reader over the file with both limits. */
    public static BufferedReader lines(String field, Path file, long maxChars) {
        return new BufferedReader(reader(field, file, maxChars, MAX_LINE));
    }

    /** The limits over any reader (e.g. a request body). */
    public static Reader limit(String field, String where, Reader in, long maxChars) {
        return new Limited(in, field, where, maxChars, MAX_LINE);
    }

    private static Reader reader(String field, Path file, long maxChars, long maxLine) {
        if (Files.isDirectory(file)) {
            throw new InvalidInputException(field, file + " is a directory, not a file");
        }
        try {
            if (Files.isRegularFile(file) && Files.size(file) > maxChars * 4) {
                throw new InvalidInputException(field, file + " is " + Files.size(file) / (1024 * 1024) + " MiB, over the "
                        + maxChars / (1024 * 1024) + " MiB limit");
            }
            InputStream in = Files.newInputStream(file);
            // bytes that are not UTF-8 become U+FFFD, refused by Limited on the line they are on: a decoder that reports them
            // fails a whole buffer at once, and the error named line 1 for a bad byte on line 51
            var decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
                    .onUnmappableCharacter(CodingErrorAction.REPLACE);
            return new Limited(new InputStreamReader(in, decoder), field, file.toString(), maxChars, maxLine);
        } catch (NoSuchFileException e) {
            throw new InvalidInputException(field, "file " + file + " does not exist");
        } catch (IOException e) {
            throw new InvalidInputException(field, "cannot read " + file + ": " + reason(e));
        }
    }

    /** Counts characters in all and since the last line break; malformed UTF-8 and NUL characters are refused. */
    private static final class Limited extends FilterReader {
        private final String field;
        private final String where;
        private final long max;
        private final long maxLine;
        private long total;
        private long line;
        private int lineNo = 1;

        Limited(Reader in, String field, String where, long max, long maxLine) {
            super(in);
            this.field = field;
            this.where = where;
            this.max = max;
            this.maxLine = maxLine;
        }

        @Override
        public int read() throws IOException {
            char[] one = new char[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0];
        }

        @Override
        public int read(char[] buf, int off, int len) throws IOException {
            int n;
            try {
                n = super.read(buf, off, len);
            } catch (java.nio.charset.CharacterCodingException e) {
                throw new InvalidInputException(field, where + " line " + lineNo + ": not UTF-8 text (is it a binary file?)");
            }
            for (int i = off; i < off + Math.max(n, 0); i++) {
                char c = buf[i];
                if (c == '\n') {
                    line = 0;
                    lineNo++;
                } else if (c == 0) {
                    throw new InvalidInputException(field, where + " line " + lineNo + ": contains NUL bytes (is it a binary file?)");
                } else if (c == '\uFFFD') {
                    // a byte that is not UTF-8 (decoded as the replacement character; one written as such is a sign of an
                    // earlier misreading either way); also for gzip-compressed files, whose reader replaced it silently
                    throw new InvalidInputException(field, where + " line " + lineNo + ": not UTF-8 text (is it a binary file?)");
                } else if (++line > maxLine) {
                    throw new InvalidInputException(field, where + " line " + lineNo + " is longer than " + maxLine
                            + " characters (is it a text file?)");
                }
            }
            total += Math.max(n, 0);
            if (total > max) {
                throw new InvalidInputException(field, where + " is larger than " + max / (1024 * 1024) + " MiB, the limit for this input");
            }
            return n;
        }
    }
}
