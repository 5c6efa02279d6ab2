package io.perpguard.data.market;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * The one parser of times read from files and typed by users: epoch seconds, ms, µs or ns (detected by magnitude), an
 * ISO-8601 instant or offset date-time, a UTC date-time ({@code 2024-01-01 08:00[:00]}) or a date (UTC midnight).
 */
public final class TimeColumn {
    private TimeColumn() {
    }

    /**
     * The unit of an epoch number, told by its magnitude (the one rule, also for JSON numbers in {@code EpochTime}):
     * 0 seconds (below 1e11), 1 milliseconds (below 1e14), 2 microseconds (below 1e17), 3 nanoseconds.
     */
    public static int unitByMagnitude(double v) {
        return v < 1e11 ? 0 : v < 1e14 ? 1 : v < 1e17 ? 2 : 3;
    }

    /** Index of the character between date and time ('T', 't' or a space), or -1: a date alone. */
    private static int separator(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == 'T' || c == 't' || c == ' ') {
                return i;
            }
        }
        return -1;
    }

    /** Whether the time after {@code sep} ends in a zone: Z, or an offset (+01:00, -05:00). */
    private static boolean zoned(String s, int sep) {
        char last = s.charAt(s.length() - 1);
        return last == 'Z' || last == 'z' || s.indexOf('+', sep) > 0 || s.indexOf('-', sep) > 0;
    }

    /** Epoch milliseconds UTC, or throws {@link NumberFormatException} with the cell in the message. */
    public static long toEpochMs(String cell) {
        String s = cell.trim();
        if (io.perpguard.Checks.digits(s)) {   // ASCII digits: Character.isDigit took ١٧٠٠٠٠٠٠٠٠ for an epoch
            if (s.length() > 19) {
                throw new NumberFormatException("'" + io.perpguard.data.io.Excerpt.of(cell) + "' is not a time (too many digits for epoch s/ms/µs/ns)");
            }
            long v;
            try {
                v = Long.parseLong(s);
            } catch (NumberFormatException e) {
                throw new NumberFormatException("'" + s + "' is not a time (too large for epoch s/ms/µs/ns)");
            }
            // Binance archive: ms until 2024, µs in newer spot files; magnitude tells which
            return switch (unitByMagnitude(v)) {
                case 0 -> v * 1000;
                case 1 -> v;
                case 2 -> v / 1000;
                default -> v / 1_000_000;
            };
        }
        // one parse per cell, chosen by its shape: trying each form in turn threw and caught two exceptions a row for
        // "2024-01-01 08:00:00" (four for a date) — the exception path is left to cells that are not a time at all
        int sep = separator(s);
        try {
            if (sep < 0) {
                return LocalDate.parse(s).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
            }
            if (zoned(s, sep)) {
                try {
                    return OffsetDateTime.parse(s).toInstant().toEpochMilli();
                } catch (DateTimeParseException e) {
                    return Instant.parse(s).toEpochMilli();   // what it takes beyond an offset date-time (a leap second)
                }
            }
            // a UTC date-time, 'T' or a space between date and time
            return LocalDateTime.parse(sep < s.length() && s.charAt(sep) == ' ' ? s.replace(' ', 'T') : s).toInstant(ZoneOffset.UTC).toEpochMilli();
        } catch (DateTimeParseException e) {
            throw new NumberFormatException("'" + io.perpguard.data.io.Excerpt.of(cell) + "' is not a time (epoch s/ms/µs or ISO-8601)");
        }
    }
}
