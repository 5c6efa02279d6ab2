package io.perpguard.stops;

import io.perpguard.InvalidInputException;

/**
 * Wilder's smoothing (a running moving average with factor 1/period), seeded with the simple average of the first
 * {@code period} values.
 * <pre>
 * S[period−1] = (x[0] + … + x[period−1]) / period
 * S[i]        = (S[i−1] × (period − 1) + x[i]) / period        for i ≥ period
 * </pre>
 * Wilder, <em>New Concepts in Technical Trading Systems</em> (1978). Values before the seed are {@code NaN}:
 * there are {@link #unstableBars(int)} of them.
 */
public final class Wilder {
    private Wilder() {
    }

    /** Bars at the start that have no smoothed value yet (reported as NaN): {@code period − 1}. */
    public static int unstableBars(int period) {
        requirePeriod(period);
        return period - 1;
    }

    /** Calculates the Wilder-smoothed series of {@code x}; NaN during the first {@code period − 1} bars. */
    public static double[] smooth(double[] x, int period) {
        double[] s = new double[x.length];
        run(i -> x[i], x.length, period, s);
        return s;
    }

    /** The last value of {@link #smooth} over {@code x(0) … x(n−1)}, without the series (NaN when {@code n < period}). */
    public static double last(java.util.function.IntToDoubleFunction x, int n, int period) {
        return run(x, n, period, null);
    }

    /** The smoothing itself, into {@code out} when given; returns the last value. */
    private static double run(java.util.function.IntToDoubleFunction x, int n, int period, double[] out) {
        requirePeriod(period);
        if (n < period) {
            if (out != null) {
                java.util.Arrays.fill(out, Double.NaN);
            }
            return Double.NaN;
        }
        if (out != null) {
            java.util.Arrays.fill(out, 0, period - 1, Double.NaN);
        }
        double sum = 0;
        for (int i = 0; i < period; i++) {
            sum += x.applyAsDouble(i);
        }
        double s = sum / period;
        if (out != null) {
            out[period - 1] = s;
        }
        for (int i = period; i < n; i++) {
            // Wilder 1978: yesterday's average weighted (period − 1), today's value weighted 1
            s = (s * (period - 1) + x.applyAsDouble(i)) / period;
            if (out != null) {
                out[i] = s;
            }
        }
        return s;
    }

    static void requirePeriod(int period) {
        if (period < 1 || period > 10_000) {
            throw new InvalidInputException("period", period + " is outside the allowed range 1 to 10,000");
        }
    }
}
