package io.perpguard.margin.fast;

/**
 * The full re-pricing sweep of many isolated positions of one symbol on a new mark, for reports: primitive arrays
 * (structure of arrays), no allocation per position, no data-dependent branch, split over the cores. Tested against
 * {@link io.perpguard.margin.MarginCalculator}.
 * <p>When the tiers' cum follows from their floors (Binance's do), maintenance margin is continuous and convex, so
 * MM(x) = x·MMR₀ + Σ_k ½ΔMMR_k·(|x − floor_k| + (x − floor_k)): no tier is chosen at all and the loop vectorizes
 * (SIMD). That form is used while the book's largest notional reaches at most {@link #HINGES} tier floors above the
 * first; otherwise, or for tiers whose cum does not follow from the floors, each position's tier comes from
 * {@link TierTable}'s fixed-step binary search. Figures agree with the reference to ~1e-15 relative (summation order).
 */
public final class Sweep {
    /** Below this many positions per core the sweep stays on the calling thread. */
    static final int MIN_PART = 1 << 15;

    /** Tier floors above the first that the vectorized form covers. */
    static final int HINGES = 3;
    /** Positions per block: the ratio pass and the flag pass meet in L1. */
    private static final int BLOCK = 4096;

    private final TierTable tiers;
    private final double[] caps, rates, amounts;
    private final int width;

    public Sweep(TierTable tiers) {
        this.tiers = tiers;
        this.caps = tiers.caps;
        this.rates = tiers.rates;
        this.amounts = tiers.amounts;
        this.width = tiers.width();
    }

    /**
     * Calculates each position's margin ratio at {@code mark} into {@code ratioOut} and flags those at or past
     * liquidation (ratio &ge; 1).
     * <pre>ratio = (|q|·mark·MMR − cum) / (margin + q·(mark − entry))</pre>
     * (DESIGN.md margin ratio; tier by notional at mark); +∞ once the margin balance is 0 or less.
     *
     * @param signedQty  +qty long, −qty short
     * @return how many positions are at or past liquidation
     */
    public int reprice(double mark, double[] signedQty, double[] entry, double[] margin, double[] ratioOut,
                       boolean[] liquidated) {
        return Parallel.sum(signedQty.length, MIN_PART, (from, to) -> range(mark, signedQty, entry, margin, ratioOut, liquidated, from, to));
    }

    /** The same, for a book that tracks its largest |quantity| (saves the scan for it). */
    public int reprice(double mark, double[] signedQty, double[] entry, double[] margin, double[] ratioOut,
                       boolean[] liquidated, double maxAbsQty) {
        return Parallel.sum(signedQty.length, MIN_PART, (from, to) -> range(mark, signedQty, entry, margin, ratioOut, liquidated, from, to, maxAbsQty));
    }

    /** The sweep over {@code [from, to)} on the calling thread. */
    public int range(double mark, double[] signedQty, double[] entry, double[] margin, double[] ratioOut,
                     boolean[] liquidated, int from, int to) {
        double max = 0;
        for (int i = from; i < to; i++) {
            double a = Math.abs(signedQty[i]);
            if (a > max) {
                max = a;
            }
        }
        return range(mark, signedQty, entry, margin, ratioOut, liquidated, from, to, max);
    }

    /** The sweep over {@code [from, to)} on the calling thread, no |quantity| in it above {@code maxAbsQty}. */
    public int range(double mark, double[] signedQty, double[] entry, double[] margin, double[] ratioOut,
                     boolean[] liquidated, int from, int to, double maxAbsQty) {
        int hinges = tiers.tiersBelow(maxAbsQty * mark) - 1;
        if (!tiers.continuous || hinges > HINGES) {
            return searched(mark, signedQty, entry, margin, ratioOut, liquidated, from, to);
        }
        double[] steps = tiers.halfRateSteps, floors = tiers.floors;
        double r0 = rates[0];
        double d1 = hinges >= 1 ? steps[1] : 0, f1 = hinges >= 1 ? floors[1] : 0;
        double d2 = hinges >= 2 ? steps[2] : 0, f2 = hinges >= 2 ? floors[2] : 0;
        double d3 = hinges >= 3 ? steps[3] : 0, f3 = hinges >= 3 ? floors[3] : 0;
        int count = 0;
        for (int b = from; b < to; b += BLOCK) {
            int end = Math.min(to, b + BLOCK);
            hinged(mark, signedQty, entry, margin, ratioOut, b, end, r0, d1, f1, d2, f2, d3, f3);
            count += flags(ratioOut, liquidated, b, end);
        }
        return count;
    }

    /**
     * Margin ratio with MM as hinges (a loop body small enough for the JIT to vectorize):
     * <pre>ratio = (x·MMR₀ + Σ_k ½ΔMMR_k·(|x − floor_k| + (x − floor_k))) / max(margin + q·(mark − entry), +0)</pre>
     * x = |q|·mark; DESIGN.md margin ratio, Binance USDⓈ-M "Leverage and Margin of USDⓈ-M Futures".
     */
    private static void hinged(double mark, double[] q, double[] entry, double[] margin, double[] ratio, int from, int to,
                               double r0, double d1, double f1, double d2, double f2, double d3, double f3) {
        for (int i = from; i < to; i++) {
            double qi = q[i];
            double x = Math.abs(qi) * mark;
            double a = x - f1, b = x - f2, c = x - f3;
            double mm = x * r0 + d1 * (Math.abs(a) + a) + d2 * (Math.abs(b) + b) + d3 * (Math.abs(c) + c);
            // a balance of 0 or less divides by +0.0: +∞
            ratio[i] = mm / Math.max(margin[i] + qi * (mark - entry[i]), 0.0);
        }
    }

    /** Flags ratio ≥ 1 (the sign bit of ratio − 1 clear) and counts them. */
    private static int flags(double[] ratio, boolean[] liquidated, int from, int to) {
        int count = 0;
        for (int i = from; i < to; i++) {
            int liq = (int) ((Double.doubleToRawLongBits(ratio[i] - 1.0) >>> 63) ^ 1);
            liquidated[i] = liq != 0;
            count += liq;
        }
        return count;
    }

    /** Each position's tier by the fixed-step binary search (any tiers, any notional). */
    int searched(double mark, double[] signedQty, double[] entry, double[] margin, double[] ratioOut,
                 boolean[] liquidated, int from, int to) {
        final double[] caps = this.caps, rates = this.rates, amounts = this.amounts;
        final int width = this.width;
        int count = 0;
        for (int i = from; i < to; i++) {
            double q = signedQty[i];
            double notional = Math.abs(q) * mark;
            int t = TierTable.index(caps, width, notional);
            double mm = notional * rates[t] - amounts[t];
            double balance = margin[i] + q * (mark - entry[i]);
            // a balance of 0 or less divides by +0.0: +∞
            double ratio = mm / Math.max(balance, 0.0);
            ratioOut[i] = ratio;
            // ratio ≥ 1 ⇔ the sign bit of ratio − 1 is clear
            int liq = 1 - (int) (Double.doubleToRawLongBits(ratio - 1.0) >>> 63);
            liquidated[i] = liq != 0;
            count += liq;
        }
        return count;
    }
}
