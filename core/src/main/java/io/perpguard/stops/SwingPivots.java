package io.perpguard.stops;

import io.perpguard.InvalidInputException;

import java.util.Arrays;

/**
 * Swing highs and lows: pivots of {@code n} bars either side (Bill Williams' fractals for n = 2).
 * <pre>
 * swing high at i:  high[i] &gt; high[j] for i−n ≤ j &lt; i   and   high[i] ≥ high[j] for i &lt; j ≤ i+n
 * swing low  at i:  low[i]  &lt; low[j]  for i−n ≤ j &lt; i   and   low[i]  ≤ low[j]  for i &lt; j ≤ i+n
 * </pre>
 * Strict on the left, inclusive on the right, so a flat top of equal highs yields one pivot (its first bar).
 * A pivot is known only {@code n} bars after it forms: callers pass the last bar they may look at, never later.
 */
public final class SwingPivots {
    private SwingPivots() {
    }

    /** Indices of swing highs among bars {@code [from, to)}; each needs n bars on both sides inside the window. */
    public static int[] highs(double[] high, int n, int from, int to) {
        return find(high, n, from, to, 1);
    }

    /** Indices of swing lows among bars {@code [from, to)}. */
    public static int[] lows(double[] low, int n, int from, int to) {
        return find(low, n, from, to, -1);
    }

    private static int[] find(double[] x, int n, int from, int to, int sign) {
        if (n < 1 || n > 1000) {
            throw new InvalidInputException("pivot", n + " is outside the allowed range 1 to 1,000");
        }
        if (from < 0 || to > x.length || from > to) {
            throw new InvalidInputException("window", "[" + from + ", " + to + ") is outside 0 to " + x.length);
        }
        int[] out = new int[Math.max(0, to - from)];
        int m = 0;
        for (int i = from + n; i + n < to; i++) {
            double v = sign * x[i];
            boolean pivot = true;
            for (int j = i - n; j < i && pivot; j++) {
                pivot = v > sign * x[j];
            }
            for (int j = i + 1; j <= i + n && pivot; j++) {
                pivot = v >= sign * x[j];
            }
            if (pivot) {
                out[m++] = i;
            }
        }
        return Arrays.copyOf(out, m);
    }
}
