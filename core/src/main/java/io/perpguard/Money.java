package io.perpguard;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Money leaving the engine — stored (the desk's SQL {@code DECIMAL}) or written as JSON — at {@value #DECIMALS}
 * decimals, half-even: one satoshi, finer than any venue's cent, and free of double noise (9,750.000000000002 → 9,750).
 * Analytics stay in double; this is the one rounding of an amount of money.
 */
public final class Money {
    public static final int DECIMALS = 8;
    private static final double SCALE = 1e8;
    /** Below this, v × 10⁸ is exact enough as a double (&lt; 2⁵³); above, BigDecimal rounds. */
    private static final double FAST = 9e7;

    private Money() {
    }

    /** {@code v} at 8 decimals, half-even; NaN and ±∞ unchanged. */
    public static double round(double v) {
        if (!Double.isFinite(v)) {
            return v;
        }
        if (Math.abs(v) < FAST) {
            return Math.rint(v * SCALE) / SCALE;   // no allocation: a desk answer writes a dozen amounts
        }
        return BigDecimal.valueOf(v).setScale(DECIMALS, RoundingMode.HALF_EVEN).doubleValue();
    }

    /** {@link #round}'s figure as an exact decimal of scale 8, for storage. */
    public static BigDecimal decimal(double v) {
        return BigDecimal.valueOf(round(v)).setScale(DECIMALS, RoundingMode.HALF_EVEN);
    }
}
