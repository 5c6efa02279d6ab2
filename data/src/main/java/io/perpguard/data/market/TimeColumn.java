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

    /** Epoch milliseconds UTC, or throws {@link NumberFormatException} with the cell in the message. */
    public static long toEpochMs(String cell) {
        String s = cell.trim();
        if (!s.isEmpty() && (Character.isDigit(s.charAt(0)) && s.chars().allMatch(Character::isDigit))) {
            long v = Long.parseLong(s);
            // Binance archive: ms until 2024, µs in newer spot files; magnitude tells which
            if (v < 100_000_000_000L) {
                return v * 1000;            // seconds
            } else if (v < 100_000_000_000_000L) {
                return v;                   // milliseconds
            } else if (v < 100_000_000_000_000_000L) {
                return v / 1000;            // microseconds
            }
            return v / 1_000_000;           // nanoseconds
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
            throw new NumberFormatException("'" + cell + "' is not a time (epoch s/ms/µs or ISO-8601)");
        }
    }
}
