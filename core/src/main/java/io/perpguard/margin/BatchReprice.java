package io.perpguard.margin;

import io.perpguard.instrument.RiskTiers;
import io.perpguard.venue.TierTable;

/**
 * Re-prices many isolated positions of one symbol on a new mark, over primitive arrays (structure of arrays),
 * with no allocation per position. Used by monitors and benchmarks; {@link MarginCalculator} is the reference
 * it is tested against.
 */
public final class BatchReprice {
    private final double[] caps;
    private final double[] rates;
    private final double[] amounts;

    public BatchReprice(RiskTiers tiers) {
        TierTable t = tiers.table();
        caps = t.openCaps();
        rates = t.rates();
        amounts = t.amounts();
    }

    /**
     * Calculates each position's margin ratio at {@code mark} into {@code ratioOut} and counts those at or past
     * liquidation (ratio &ge; 1).
     * <pre>ratio = (qty·mark·MMR − cum) / (margin + sign·qty·(mark − entry))</pre>
     * (DESIGN.md margin ratio; tier by notional at mark).
     *
     * @param signedQty  +qty long, −qty short
     * @param entry      entry prices
     * @param margin     isolated margins
     * @param ratioOut   written: margin ratio, +∞ when margin balance is 0 or less
     * @param liquidated written: true when at or past liquidation
     * @return how many positions are at or past liquidation
     */
    public int reprice(double mark, double[] signedQty, double[] entry, double[] margin, double[] ratioOut,
                       boolean[] liquidated) {
        int count = 0;
        int tiers = caps.length;
        for (int i = 0; i < signedQty.length; i++) {
            double q = signedQty[i];
            double absQ = Math.abs(q);
            double notional = absQ * mark;
            int t = 0;
            while (t < tiers - 1 && notional > caps[t]) {
                t++;
            }
            double mm = notional * rates[t] - amounts[t];
            double balance = margin[i] + q * (mark - entry[i]);
            double ratio = balance > 0 ? mm / balance : Double.POSITIVE_INFINITY;
            ratioOut[i] = ratio;
            boolean liq = ratio >= 1.0;
            liquidated[i] = liq;
            if (liq) {
                count++;
            }
        }
        return count;
    }
}
