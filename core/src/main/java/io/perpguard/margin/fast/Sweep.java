package io.perpguard.margin.fast;

/**
 * The full re-pricing sweep of many isolated positions of one symbol on a new mark, for reports: primitive arrays
 * (structure of arrays), no allocation per position, no data-dependent branch (tier by {@link TierTable}'s fixed
 * binary search, the liquidation flag from a sign bit), split over the cores. Tested against
 * {@link io.perpguard.margin.MarginCalculator}.
 */
public final class Sweep {
    /** Below this many positions per core the sweep stays on the calling thread. */
    static final int MIN_PART = 1 << 15;

    private final double[] caps, rates, amounts;
    private final int width;

    public Sweep(TierTable tiers) {
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

    /** The sweep over {@code [from, to)} on the calling thread. */
    public int range(double mark, double[] signedQty, double[] entry, double[] margin, double[] ratioOut,
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
