package io.perpguard.margin.fast;

import io.perpguard.venue.ContractType;
import io.perpguard.venue.MarginConvention;

/**
 * One contract's venue rule on primitives ({@link MarginConvention.Flat} read once, the tiers as a {@link TierTable} with
 * the venue's rate added): the liquidation and bankruptcy price of up to two legs of one symbol, as
 * {@link MarginConvention#isolated}, {@link MarginConvention#cross} and {@link MarginConvention#bankruptcy} compute
 * them — same formulas in the same order, so the figures agree to the last bit — including the liquidation at a tier cap
 * where the requirement jumps past the equity. The one array-side copy of the rule: the stream's {@link AccountKernel}
 * and {@code simulate}'s path kernel both solve through it. No allocation per call.
 */
public final class LevelSolver {
    /** Relative slack when testing that a candidate liquidation price lies in the tier used to compute it (as the reference). */
    private static final double TIER_SLACK = 1e-12;

    private final TierTable tt;
    private final ContractType type;
    private final boolean linear, atPrice, byContracts, atEntry;
    private final double contractSize, bankruptcyFeeRate;

    private LevelSolver(MarginConvention.Flat f, TierTable tt) {
        this.tt = tt;
        this.type = f.type();
        this.linear = f.linear();
        this.atPrice = f.basis() == MarginConvention.TierBasis.AT_PRICE;
        this.byContracts = f.basis() == MarginConvention.TierBasis.BY_CONTRACTS;
        this.atEntry = f.valueAtEntry();
        this.contractSize = f.contractSize();
        this.bankruptcyFeeRate = f.bankruptcyFeeRate();
    }

    /** The rule {@code f} over {@code tiers} (rates already with {@link MarginConvention.Flat#rateAdd}: {@link TierTable#of(io.perpguard.instrument.RiskTiers, double)}). */
    public static LevelSolver of(MarginConvention.Flat f, TierTable tiers) {
        return new LevelSolver(f, tiers);
    }

    /** The tier of a leg as its venue picks it ({@link MarginConvention#tier}): by notional at {@code price}, at entry, or contracts. */
    int tier(double qty, double entry, double price) {
        double measure = byContracts ? (contractSize > 0 ? qty / contractSize : qty) : type.notional(qty, atPrice ? price : entry);
        return tt.index(measure);
    }

    /**
     * The liquidation price of {@link MarginConvention#cross} (isolated: other terms 0) on primitives: margin balance = Σ
     * maintenance margin (+ the venue's closing fee at the bankruptcy price), each leg's MM = value × rate − amount of its
     * tier; with the tier at the price (every combination of the active legs' tiers, the consistent solution nearest the
     * mark) or fixed at entry / by contracts, and the value at the price or at entry. Linear, and inverse in 1/price:
     * <pre>
     * LP   = (M − side_B·Q_B·EP_B − Q_L·EP_L + Q_S·EP_S + Σcum − Σ[at entry] Q·EP·MMR) / (−side_B·Q_B − Q_L + Q_S + Σ[at price] Q·MMR)
     * 1/LP = (M + side_B·Q_B/EP_B + Q_L/EP_L − Q_S/EP_S + Σcum − Σ[at entry] Q/EP·MMR) / (side_B·Q_B + Q_L − Q_S + Σ[at price] Q·MMR)
     * </pre>
     * with M = WB − TMM₁ + UPNL₁ − fee at bankruptcy; a term that cancels to rounding noise counts as zero (the
     * reference's rule). Where a tier's rate applies to the whole value (no amount bridges the cap) the requirement jumps
     * at a cap: when the jump lifts it past the equity nearer the mark than any tier's own root, the cap's price
     * liquidates ({@code venue.Rules.solve}, the reference) — also where the legs gain, a linear long rising into the
     * higher tier ({@link #liquidatedByFall}). NaN when no positive price liquidates.
     */
    public double solve(double wallet, double otherMm, double otherUpnl, double qb, int sb, double eb, double ql,
                        double el, double qs, double es, double mark) {
        return solve(wallet, otherMm, otherUpnl, qb, sb, eb, ql, el, qs, es, mark, true);
    }

    /**
     * {@link #solve} without the caps reached the way the legs gain (a linear long rising, an inverse short falling into a
     * higher tier): the level on the legs' losing side that {@code simulate}'s path kernel watches with a bar's adverse extreme.
     */
    public double solveLossSide(double wallet, double otherMm, double otherUpnl, double qb, int sb, double eb, double ql,
                                double el, double qs, double es, double mark) {
        return solve(wallet, otherMm, otherUpnl, qb, sb, eb, ql, el, qs, es, mark, false);
    }

    private double solve(double wallet, double otherMm, double otherUpnl, double qb, int sb, double eb, double ql,
                         double el, double qs, double es, double mark, boolean gainSideCaps) {
        boolean lin = linear;
        double num0 = wallet - otherMm + otherUpnl, den0 = 0;
        if (bankruptcyFeeRate != 0) {
            num0 = num0 - bankruptcyFee(num0, qb, sb, eb, ql, el, qs, es);
        }
        double numScale = Math.abs(num0), denScale = 0;
        // the active legs in the reference's order (both, long, short), each signed (±1, the long leg +1, the short −1): at
        // most two, the first two taking slots 0 and 1 (the legs whose tiers vary)
        boolean b = qb > 0, l = ql > 0, two = false;
        int legs = (b ? 1 : 0) + (l ? 1 : 0) + (qs > 0 ? 1 : 0);
        if (legs == 0 || legs > 2) {
            return Double.NaN;
        }
        double q0 = b ? qb : l ? ql : qs, e0 = b ? eb : l ? el : es, s0 = b ? sb : l ? 1 : -1, q1 = 0, e1 = 0, s1 = 0;
        if (legs == 2) {
            two = true;
            q1 = b && l ? ql : qs;
            e1 = b && l ? el : es;
            s1 = b && l ? 1 : -1;
        }
        // Q·EP (Q/EP inverse) into the numerator, Q into the denominator, slot by slot (the legs' order)
        double v0 = lin ? q0 * e0 : q0 / e0;
        num0 += signed(lin, s0, v0);
        den0 += signed(lin, s0, q0);
        numScale += v0;
        denScale += q0;
        if (two) {
            double v1 = lin ? q1 * e1 : q1 / e1;
            num0 += signed(lin, s1, v1);
            den0 += signed(lin, s1, q1);
            numScale += v1;
            denScale += q1;
        }
        boolean iterate = atPrice;
        // fixed tiers (at entry, by contracts) are one combination; at the price, the first leg's tier varies fastest (the reference's order)
        int n0 = iterate ? tt.size() : 1, n1 = legs == 2 && iterate ? tt.size() : 1;
        int f0 = iterate ? 0 : tier(q0, e0, mark), f1 = iterate || legs < 2 ? 0 : tier(q1, e1, mark);
        double best = Double.NaN;
        double numTiny = 1e-12 * numScale, denTiny = 1e-12 * denScale;
        for (int j1 = 0; j1 < n1; j1++) {
            for (int j0 = 0; j0 < n0; j0++) {
                int t0 = iterate ? j0 : f0, t1 = iterate ? j1 : f1;
                double num = num(legs, t0, q0, e0, t1, q1, e1, num0), den = den(legs, t0, q0, t1, q1, den0);
                if (Math.abs(den) <= denTiny || Math.abs(num) <= numTiny) {
                    continue;
                }
                double lp = lin ? num / den : den / num;
                if (lp > 0 && Double.isFinite(lp)
                        && (!iterate || fits(t0, type.notional(q0, lp)) && (legs < 2 || fits(t1, type.notional(q1, lp))))
                        && (Double.isNaN(best) || Math.abs(lp - mark) < Math.abs(best - mark))) {
                    best = lp;
                }
            }
        }
        if (iterate) {
            // the reference's cap crossing (Rules.solve): where a tier's rate on the whole value jumps the requirement past
            // the equity at a cap, stepping into the higher tier the way the tier measure grows (linear up, inverse down),
            // the cap's price liquidates
            double up = lin ? 1e-9 : -1e-9, nearRel = 1 - up, farRel = 1 + up, net = sb * qb + ql - qs;
            for (int leg = 0; leg < legs; leg++) {
                double q = leg == 0 ? q0 : q1;
                for (int j = 0; j + 1 < tt.size(); j++) {
                    double pb = lin ? tt.caps[j] / q : q / tt.caps[j];
                    if (!(pb > 0) || !Double.isFinite(pb) || !Double.isNaN(best) && Math.abs(pb - mark) >= Math.abs(best - mark)) {
                        continue;
                    }
                    if (!gainSideCaps && !lin != (net != 0 ? net > 0 : pb < mark)) {
                        continue;
                    }
                    double near = pb * nearRel, far = pb * farRel;
                    double x = lin ? pb : 1 / pb;
                    double fNear = excess(legs, q0, e0, q1, e1, near, num0, den0, x);
                    double fFar = excess(legs, q0, e0, q1, e1, far, num0, den0, x);
                    if (fNear > 0 && fFar < 0 && fNear - fFar > 1e-9 * numScale) {
                        best = pb;
                    }
                }
            }
        }
        return best;
    }

    /**
     * Whether the mark reaches {@code lp}, a price {@link #solve} returned for these legs, falling — the reference's
     * {@code Solution.byFall}: at a cap's price (a crossing into a higher tier) the way the tier measure grows, a rise for
     * a linear contract and a fall for an inverse one; elsewhere as the legs lose ({@code Legs.liquidatedByFall}).
     */
    public boolean liquidatedByFall(double lp, double mark, double qb, int sb, double ql, double qs) {
        if (atPrice) {
            for (int leg = 0; leg < 3; leg++) {
                double q = leg == 0 ? qb : leg == 1 ? ql : qs;
                for (int j = 0; q > 0 && j + 1 < tt.size(); j++) {
                    if (lp == (linear ? tt.caps[j] / q : q / tt.caps[j])) {
                        return !linear;
                    }
                }
            }
        }
        double net = sb * qb + ql - qs;
        return net != 0 ? net > 0 : lp < mark;
    }

    /** A leg's term of sign {@code s} (±1): −s·x linear (a long lowers the numerator), s·x inverse — exactly the signed product. */
    private static double signed(boolean lin, double s, double x) {
        return lin ? -(s * x) : s * x;
    }

    /** Margin balance − requirement at x (P, or 1/P inverse) with the legs' tiers at {@code tierPrice}: num − den·x of {@link #solve}. */
    private double excess(int legs, double q0, double e0, double q1, double e1, double tierPrice, double num0, double den0, double x) {
        int t0 = tier(q0, e0, tierPrice), t1 = legs == 2 ? tier(q1, e1, tierPrice) : 0;
        return num(legs, t0, q0, e0, t1, q1, e1, num0) - den(legs, t0, q0, t1, q1, den0) * x;
    }

    /**
     * The numerator of {@link #solve}'s level with the legs in tiers {@code t0}, {@code t1}: {@code num0} plus each leg's
     * maintenance amount, less its entry-valued requirement where the venue values it at entry (Σcum − Σ[at entry] Q·EP·MMR).
     * The one place of the per-tier terms, with {@link #den}: the level's solve and the cap crossing's excess both read them.
     */
    private double num(int legs, int t0, double q0, double e0, int t1, double q1, double e1, double num0) {
        double num = num0 + tt.amounts[t0];
        if (atEntry) {
            num -= type.notional(q0, e0) * tt.rates[t0];
        }
        if (legs == 2) {
            num += tt.amounts[t1];
            if (atEntry) {
                num -= type.notional(q1, e1) * tt.rates[t1];
            }
        }
        return num;
    }

    /** The denominator of {@link #solve}'s level with the legs in tiers {@code t0}, {@code t1}: {@code den0} + Σ[at price] Q·MMR. */
    private double den(int legs, int t0, double q0, int t1, double q1, double den0) {
        double den = den0;
        if (!atEntry) {
            den += q0 * tt.rates[t0];
            if (legs == 2) {
                den += q1 * tt.rates[t1];
            }
        }
        return den;
    }

    private boolean fits(int t, double notional) {
        return notional >= tt.floors[t] * (1 - TIER_SLACK) && notional <= tt.caps[t] * (1 + TIER_SLACK);
    }

    /**
     * Calculates the bankruptcy price ({@link MarginConvention#bankruptcy}): where margin balance reaches 0, every other
     * position held at mark. Linear, and inverse with the venue's closing fee (Bybit: (1 ± fee)·Q / (Q/EP ± balance)):
     * <pre>
     * BP = (side_B·Q_B·EP_B + Q_L·EP_L − Q_S·EP_S − WB − UPNL₁) / (side_B·Q_B + Q_L − Q_S)
     * BP = (side_B·Q_B + Q_L − Q_S + fee·(Q_B + Q_L + Q_S)) / (WB + UPNL₁ + side_B·Q_B/EP_B + Q_L/EP_L − Q_S/EP_S)
     * </pre>
     * NaN when the legs net to zero or the price would not be positive.
     */
    public double bankruptcy(double wallet, double otherUpnl, double qb, int sb, double eb, double ql, double el, double qs, double es) {
        double net = sb * qb + ql - qs;
        if (net == 0) {
            return Double.NaN;
        }
        if (linear) {
            double bp = (sb * qb * eb + ql * el - qs * es - wallet - otherUpnl) / net;
            return bp > 0 && Double.isFinite(bp) ? bp : Double.NaN;
        }
        double num = wallet + otherUpnl;
        if (qb > 0) {
            num += (double) sb * qb / eb;
        }
        if (ql > 0) {
            num += ql / el;
        }
        if (qs > 0) {
            num += -qs / es;
        }
        double bp = (net + bankruptcyFeeRate * (qb + ql + qs)) / num;
        return bp > 0 && Double.isFinite(bp) ? bp : Double.NaN;
    }

    /** The venue's closing fee at the fee-inclusive bankruptcy price, Q·fee/BP (0 where the venue does not count it). */
    public double bankruptcyFee(double base, double qb, int sb, double eb, double ql, double el, double qs, double es) {
        double rate = bankruptcyFeeRate;
        if (rate == 0) {
            return 0;
        }
        double bp = bankruptcy(base, 0, qb, sb, eb, ql, el, qs, es);
        return Double.isFinite(bp) ? type.notional(qb + ql + qs, bp) * rate : 0;
    }
}
