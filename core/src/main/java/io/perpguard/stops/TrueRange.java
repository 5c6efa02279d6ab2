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
        int n = high.length;
        if (low.length != n || close.length != n) {
            throw new InvalidInputException("candles", "high, low and close have different lengths");
        }
        double[] tr = new double[n];
        if (n == 0) {
            return tr;
        }
        tr[0] = high[0] - low[0];
        for (int i = 1; i < n; i++) {
            double pc = close[i - 1];
            // the gap from the previous close counts as range (Wilder 1978)
            tr[i] = Math.max(high[i] - low[i], Math.max(Math.abs(high[i] - pc), Math.abs(low[i] - pc)));
        }
        return tr;
    }
}
