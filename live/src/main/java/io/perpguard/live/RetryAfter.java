package io.perpguard.live;

import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** The {@code Retry-After} header (RFC 9110 §10.2.3): delay-seconds or an HTTP-date, read as a wait in ms. */
public final class RetryAfter {
    private RetryAfter() {
    }

    /**
     * The wait the header asks for, in ms from {@code nowMs}: seconds ("120", "1.5") or an HTTP-date ("Wed, 21 Oct 2026
     * 07:28:00 GMT", 0 when already past); {@code unreadableMs} when it is neither. An HTTP-date was read as 0 before:
     * a receiver that asked for ten minutes was called back at once.
     */
    public static long millis(String value, long nowMs, long unreadableMs) {
        String v = value.trim();
        try {
            double s = Double.parseDouble(v);
            return Double.isFinite(s) && s >= 0 ? (long) Math.min(s * 1000, Long.MAX_VALUE / 2) : unreadableMs;
        } catch (NumberFormatException notSeconds) {
            try {
                long at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant().toEpochMilli();
                return Math.max(0, at - nowMs);
            } catch (DateTimeParseException notDate) {
                return unreadableMs;
            }
        }
    }
}
