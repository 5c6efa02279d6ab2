package io.perpguard.data.market;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * The one parser of times read from files and typed by users: epoch seconds, ms, µs or ns (detected by magnitude), an
 * ISO-8601 instant or offset date-time, a UTC date-time ({@code 2024-01-01 08:00[:00]}) or a date (UTC midnight).
 */
public final class TimeColumn {
    private static final DateTimeFormatter SPACED = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private TimeColumn() {
    }

    /**
     * The unit of an epoch number, told by its magnitude (the one rule, also for JSON numbers in {@code EpochTime}):
     * 0 seconds (below 1e11), 1 milliseconds (below 1e14), 2 microseconds (below 1e17), 3 nanoseconds.
     */
    public static int unitByMagnitude(double v) {
        return v < 1e11 ? 0 : v < 1e14 ? 1 : v < 1e17 ? 2 : 3;
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
        try {
            return OffsetDateTime.parse(s).toInstant().toEpochMilli();
        } catch (DateTimeParseException ignored) {
            // try the next form
        }
        try {
            return Instant.parse(s).toEpochMilli();
        } catch (DateTimeParseException ignored) {
            // try the next form
        }
        try {
            return LocalDateTime.parse(s.replace(' ', 'T')).toInstant(ZoneOffset.UTC).toEpochMilli();
        } catch (DateTimeParseException ignored) {
            // try the next form
        }
        try {
            return LocalDateTime.parse(s, SPACED).toInstant(ZoneOffset.UTC).toEpochMilli();
        } catch (DateTimeParseException ignored) {
            // try the next form
        }
        try {
            return LocalDate.parse(s).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        } catch (DateTimeParseException e) {
            throw new NumberFormatException("'" + io.perpguard.data.io.Excerpt.of(cell) + "' is not a time (epoch s/ms/µs or ISO-8601)");
        }
    }
}
