package io.perpguard;

import java.util.Locale;

/**
 * Argument checks that name the field, the value and the allowed range.
 * <p>Every failure is an {@link IllegalArgumentException} whose message is one line a user can act on;
 * the CLI turns it into exit code 2 and the API into HTTP 400.
 */
public final class Checks {
    private Checks() {
    }

    /** Fails unless {@code value} is a finite number (not NaN, not ±Infinity). */
    public static double finite(String field, double value) {
        if (!Double.isFinite(value)) {
            throw new InvalidInputException(field, value + " is not a finite number");
        }
        return value;
    }

    /** Fails unless {@code value} is finite and &gt; 0. */
    public static double positive(String field, double value) {
        finite(field, value);
        if (value <= 0) {
            throw new InvalidInputException(field, fmt(value) + " must be greater than 0");
        }
        return value;
    }

    /** Fails unless {@code value} is finite and &ge; 0. */
    public static double notNegative(String field, double value) {
        finite(field, value);
        if (value < 0) {
            throw new InvalidInputException(field, fmt(value) + " must be 0 or more");
        }
        return value;
    }

    /** Fails unless {@code min <= value <= max}. */
    public static double inRange(String field, double value, double min, double max) {
        finite(field, value);
        if (value < min || value > max) {
            throw new InvalidInputException(field, fmt(value) + " is outside the allowed range " + fmt(min) + " to " + fmt(max));
        }
        return value;
    }

    /** Fails unless {@code value} is non-null and non-blank. */
    public static String notBlank(String field, String value) {
        if (value == null || value.isBlank()) {
            throw new InvalidInputException(field, "is missing");
        }
        return value;
    }

    /** Fails unless {@code value} is non-null. */
    public static <T> T notNull(String field, T value) {
        if (value == null) {
            throw new InvalidInputException(field, "is missing");
        }
        return value;
    }

    /** Formats a number for messages: plain, no exponent for ordinary magnitudes. */
    public static String fmt(double v) {
        if (!Double.isFinite(v)) {
            return Double.toString(v);
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return String.format(Locale.ROOT, "%,d", (long) v);
        }
        if (Math.abs(v) >= 1e15 || Math.abs(v) < 1e-6) {
            return String.format(Locale.ROOT, "%.6g", v);
        }
        String s = String.format(Locale.ROOT, "%,.8f", v);
        int end = s.length();
        while (s.charAt(end - 1) == '0') {
            end--;
        }
        return s.substring(0, s.charAt(end - 1) == '.' ? end - 1 : end);
    }
}
