package io.perpguard.sim;

import io.perpguard.Checks;
import io.perpguard.InvalidInputException;

import java.util.Arrays;

/**
 * Sample percentiles by linear interpolation between order statistics (Hyndman &amp; Fan 1996, definition 7 —
 * the default of R and NumPy): for sorted {@code x[0..n−1]} and {@code q} in [0, 1], {@code h = (n−1)·q},
 * {@code P = x[⌊h⌋] + (h − ⌊h⌋)·(x[⌊h⌋+1] − x[⌊h⌋])}. Infinite values sort to the ends and propagate.
 */
public final class Percentiles {
    private Percentiles() {
    }

    /** Calculates the {@code q}-quantile (0 ≤ q ≤ 1) of values already sorted ascending. */
    public static double ofSorted(double[] sorted, double q) {
        Checks.inRange("q", q, 0, 1);
        int n = sorted.length;
        if (n == 0) {
            throw new InvalidInputException("values", "no values to take a percentile of");
        }
        double h = (n - 1) * q;
        int lo = (int) Math.floor(h);
        int hi = Math.min(lo + 1, n - 1);
        double frac = h - lo;
        if (frac == 0 || sorted[lo] == sorted[hi]) {
            return sorted[lo];
        }
        return sorted[lo] + frac * (sorted[hi] - sorted[lo]);
    }

    /** Calculates the {@code q}-quantile of unsorted values (a sorted copy is made; the input is left as it is). */
    public static double of(double[] values, double q) {
        double[] s = values.clone();
        Arrays.sort(s);
        return ofSorted(s, q);
    }
}
