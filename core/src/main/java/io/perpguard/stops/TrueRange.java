package io.perpguard.stops;

import io.perpguard.InvalidInputException;

/**
 * The true range of each bar.
 * <pre>TR[i] = max(high[i] − low[i], |high[i] − close[i−1]|, |low[i] − close[i−1]|),  TR[0] = high[0] − low[0]</pre>
 * Wilder, <em>New Concepts in Technical Trading Systems</em> (1978), "Average True Range".
 */
public final class TrueRange {
    private TrueRange() {
    }

    /** Calculates the true range of every bar; the first bar has no previous close, so its TR is its range. */
    public static double[] of(double[] high, double[] low, double[] close) {
        requireSameLength(high, low, close);
        double[] tr = new double[high.length];
        for (int i = 0; i < tr.length; i++) {
            tr[i] = at(high, low, close, i);
        }
        return tr;
    }

    /** The true range of bar {@code i} (its range for the first bar, which has no previous close). */
    public static double at(double[] high, double[] low, double[] close, int i) {
        if (i == 0) {
            return high[0] - low[0];
        }
        double pc = close[i - 1];
        // the gap from the previous close counts as range (Wilder 1978)
        return Math.max(high[i] - low[i], Math.max(Math.abs(high[i] - pc), Math.abs(low[i] - pc)));
    }

    static void requireSameLength(double[] high, double[] low, double[] close) {
        if (low.length != high.length || close.length != high.length) {
            throw new InvalidInputException("candles", "high, low and close have different lengths");
        }
    }
}
