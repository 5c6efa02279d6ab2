package io.perpguard;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Money leaving the engine — stored (the desk's SQL {@code DECIMAL}) or written as JSON — at {@value #DECIMALS}
 * decimals, half-even: one satoshi, finer than any venue's cent, and free of double noise (9,750.000000000002 → 9,750).
 * Analytics stay in double; this is the one rounding of an amount of money.
 * <p>
 * The definition is the decimal one: {@code BigDecimal.valueOf(v).setScale(8, HALF_EVEN).doubleValue()}, i.e. the
 * double's own decimal text ({@link Double#toString}) rounded half-even at the 8th decimal (0.000000015 → 0.00000002,
 * 0.000000025 → 0.00000002). {@link #round} gives that figure bit for bit without allocating in almost every case
 * (see there); {@code MoneyRoundingTest} compares the two on ties, their neighbours and random amounts.
 */
public final class Money {
    public static final int DECIMALS = 8;
    private static final double SCALE = 1e8;
    /** Below this, v × 10⁸ &lt; 2⁵²: its integer and fraction parts are exact doubles; above, BigDecimal rounds. */
    private static final double FAST = 0x1p52 / SCALE;
    /** Slack on the tie guard for the two roundings in computing it (relative ≤ 2⁻⁵² each; far smaller than this). */
    private static final double GUARD = 1 + 0x1p-40;

    private Money() {
    }

    /**
     * {@code v} at 8 decimals, half-even, as {@code BigDecimal.valueOf(v)} rounds it; NaN and ±∞ unchanged; a zero is
     * +0.0 (BigDecimal has no −0).
     * <p>
     * Without allocation: x = v × 10⁸ is held exactly as {@code hi + lo} (an FMA gives the product's rounding error), so
     * its fraction f is known to within 2⁻⁵³. {@code Double.toString(v)} reads back as v, so that decimal lies within
     * half an ulp of v: scaled, within h = ulp(v) × 10⁸ / 2 of x. When f is farther than h from ½, no rounding boundary
     * (an odd multiple of ½ at the 8th decimal) lies between x and the decimal text, the text is not a tie, and both
     * round to the integer nearest x. The quotient n / 10⁸ is then the double nearest that decimal, as
     * {@code BigDecimal.doubleValue} returns it (both correctly rounded). Otherwise (f within h of ½: decimal ties such as
     * 1.5e-8 and their neighbours, and more of the amounts above about 10⁶, where h grows), BigDecimal rounds.
     */
    public static double round(double v) {
        if (!Double.isFinite(v)) {
            return v;
        }
        if (Math.abs(v) < FAST) {
            double hi = v * SCALE;
            double lo = Math.fma(v, SCALE, -hi);      // x = hi + lo exactly
            double fl = Math.floor(hi);
            double f = (hi - fl) + lo;                // hi − fl exact; f = x − fl within 2⁻⁵³
            double h = Math.ulp(v) * (SCALE / 2) * GUARD + 0x1p-50;
            if (Math.abs(f - 0.5) > h) {
                double n = f < 0.5 ? fl : fl + 1;
                return n == 0 ? 0.0 : n / SCALE;      // |n| < 2⁵²: exact; one correctly rounded division
            }
        }
        return BigDecimal.valueOf(v).setScale(DECIMALS, RoundingMode.HALF_EVEN).doubleValue();
    }

    /** {@link #round}'s figure as an exact decimal of scale 8, for storage. */
    public static BigDecimal decimal(double v) {
        return BigDecimal.valueOf(round(v)).setScale(DECIMALS, RoundingMode.HALF_EVEN);
    }
}
