package io.perpguard.data.json;

import io.perpguard.InvalidInputException;
import io.perpguard.data.market.TimeColumn;

import java.time.Instant;

/**
 * Timestamps from users and feeds: the unit is told by magnitude (seconds, milliseconds, microseconds, nanoseconds
 * since 1970) and the result must fall in a sane window, so a microsecond or 1e308 timestamp can neither be read
 * 1000 years late nor freeze a symbol whose next marks look "older".
 */
public final class EpochTime {
    /** Earliest accepted time: 2009-01-03, the first bitcoin block. Nothing perpguard reads is older. */
    public static final long EARLIEST_MS = 1_230_940_800_000L;
    /** How far past the local clock a recorded time (a fill, a file) may be: one day of clock and time-zone slack. */
    public static final long FUTURE_SLACK_MS = 86_400_000L;

    private EpochTime() {
    }

    /**
     * Epoch milliseconds from a number in any of the four units; refused when not finite, negative, or outside
     * [{@link #EARLIEST_MS}, {@code nowMs + futureSlackMs}].
     */
    public static long millis(String field, double value, long nowMs, long futureSlackMs) {
        if (!Double.isFinite(value) || value < 0) {
            throw new InvalidInputException(field, excerpt(value) + " is not a time (epoch seconds, ms, µs or ns)");
        }
        // the unit by TimeColumn's one magnitude rule; a fraction of a millisecond is dropped, as TimeColumn drops it
        double ms = switch (TimeColumn.unitByMagnitude(value)) {
            case 0 -> value * 1e3;
            case 1 -> value;
            case 2 -> value / 1e3;
            default -> value / 1e6;
        };
        return inWindow(field, (long) Math.floor(ms), nowMs, futureSlackMs);
    }

    /** Checks a time already in milliseconds against the window. */
    public static long inWindow(String field, long ms, long nowMs, long futureSlackMs) {
        String problem = outsideWindow(ms, nowMs, futureSlackMs);
        if (problem != null) {
            throw new InvalidInputException(field, problem);
        }
        return ms;
    }

    /** Why {@code ms} is outside the window (for a message), or null when it is inside. */
    public static String outsideWindow(long ms, long nowMs, long futureSlackMs) {
        if (ms >= EARLIEST_MS && ms <= nowMs + futureSlackMs) {
            return null;
        }
        return Instant.ofEpochMilli(Math.max(-31_556_889_864_403_199L, Math.min(31_556_889_864_403_199L, ms)))
                + " is outside the accepted window " + Instant.ofEpochMilli(EARLIEST_MS).toString().substring(0, 10) + " to "
                + Instant.ofEpochMilli(nowMs + futureSlackMs).toString().substring(0, 16) + "Z (check the unit and the clock)";
    }

    private static String excerpt(double v) {
        return Double.toString(v);
    }
}
