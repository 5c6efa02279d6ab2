package io.perpguard.cascade;

import io.perpguard.Checks;
import io.perpguard.InvalidInputException;
import io.perpguard.instrument.RiskTiers;
import io.perpguard.margin.LiquidationPrice;
import io.perpguard.margin.LiquidationResult;
import io.perpguard.margin.MarginMode;
import io.perpguard.margin.Position;
import io.perpguard.margin.Side;

import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Open positions of one market as primitive arrays, one {@link Book} per side: quantity, entry, liquidation and
 * bankruptcy price, leverage. Built from real positions through the margin engine, or synthetically from
 * pre-event open interest and leverage mixes (the heat-map prior of CASCADE.md §5.1).
 *
 * @param price  reference (pre-event) price
 * @param longs  long positions
 * @param shorts short positions
 */
public record LiquidationLadder(double price, Book longs, Book shorts) {
    /** Most redraws of an entry that would already be past its liquidation price. */
    private static final int MAX_REDRAWS = 64;

    /**
     * One side's positions (structure of arrays, same length).
     *
     * @param qty         size in base units
     * @param entry       entry price
     * @param liquidation liquidation price (isolated, tiered MMR)
     * @param bankruptcy  bankruptcy price
     * @param leverage    leverage
     */
    public record Book(double[] qty, double[] entry, double[] liquidation, double[] bankruptcy, double[] leverage) {
        public Book {
            int n = qty.length;
            if (entry.length != n || liquidation.length != n || bankruptcy.length != n || leverage.length != n) {
                throw new InvalidInputException("ladder", "position columns have different lengths");
            }
        }

        public static Book empty() {
            return new Book(new double[0], new double[0], new double[0], new double[0], new double[0]);
        }

        public int size() {
            return qty.length;
        }

        /** Σ qty × price: notional at {@code price}. */
        public double notionalAt(double price) {
            double s = 0;
            for (double q : qty) {
                s += q * price;
            }
            return s;
        }
    }

    public LiquidationLadder {
        Checks.positive("price", price);
        Checks.notNull("longs", longs);
        Checks.notNull("shorts", shorts);
    }

    public int size() {
        return longs.size() + shorts.size();
    }

    /** Long open interest valued at the reference price. */
    public double oiUsd() {
        return longs.notionalAt(price);
    }

    /**
     * Builds the ladder of real positions: each position's liquidation and bankruptcy price come from the margin
     * engine ({@link LiquidationPrice#isolated}; cross positions are priced as if isolated with their initial margin).
     */
    public static LiquidationLadder fromPositions(double price, List<Position> positions, RiskTiers tiers) {
        int nl = 0, ns = 0;
        for (Position p : positions) {
            if (p.side() == Side.LONG) {
                nl++;
            } else {
                ns++;
            }
        }
        double[][] l = new double[5][nl], s = new double[5][ns];
        int il = 0, is = 0;
        for (Position p : positions) {
            Position iso = p.marginMode() == MarginMode.ISOLATED ? p
                    : Position.isolated(p.symbol(), p.side(), p.qty(), p.entryPrice(), p.leverage());
            LiquidationResult r = LiquidationPrice.isolatedLossSide(iso, tiers);   // as LiquidationDistance: the losing side
            double liq = r.exists() ? r.price() : (p.side() == Side.LONG ? 0 : Double.POSITIVE_INFINITY);
            double bk = LiquidationPrice.bankruptcyIsolated(iso);
            double[][] a = p.side() == Side.LONG ? l : s;
            int i = p.side() == Side.LONG ? il++ : is++;
            a[0][i] = p.qty();
            a[1][i] = p.entryPrice();
            a[2][i] = liq;
            a[3][i] = Double.isNaN(bk) ? 0 : bk;
            a[4][i] = p.leverage();
        }
        return new LiquidationLadder(price, new Book(l[0], l[1], l[2], l[3], l[4]), new Book(s[0], s[1], s[2], s[3], s[4]));
    }

    /**
     * Builds a synthetic ladder: each side holds {@code spec.oiUsd()} at {@code price}, split over the side's leverage
     * mix (class sizes by weight), entries {@code price · exp(σ·z)} with z standard normal from {@code seed}; an entry
     * already past its liquidation at {@code price} is redrawn (those positions are gone). Liquidation distances per
     * leverage come from {@link LiquidationDistance} on the real tiers.
     */
    public static LiquidationLadder synthetic(LadderSpec spec, double price, RiskTiers tiers, long seed) {
        Checks.positive("price", price);
        if (spec.positions() == 0 || spec.oiUsd() == 0) {
            return new LiquidationLadder(price, Book.empty(), Book.empty());
        }
        Random rnd = new Random(seed);
        int half = Math.max(1, spec.positions() / 2);
        Book longs = side(Side.LONG, spec.longMix(), half, spec, price, tiers, rnd);
        Book shorts = side(Side.SHORT, spec.shortMix(), spec.positions() - half == 0 ? 1 : spec.positions() - half, spec, price, tiers, rnd);
        return new LiquidationLadder(price, longs, shorts);
    }

    private static Book side(Side side, LeverageMix mix, int n, LadderSpec spec, double price, RiskTiers tiers, Random rnd) {
        int k = mix.size();
        int[] count = new int[k];
        int assigned = 0;
        for (int j = 0; j < k; j++) {
            count[j] = (int) Math.floor(n * mix.weight()[j]);
            assigned += count[j];
        }
        // largest weights take the rounding remainder
        for (int r = 0; assigned < n; r++, assigned++) {
            int best = 0;
            for (int j = 1; j < k; j++) {
                if (n * mix.weight()[j] - count[j] > n * mix.weight()[best] - count[best]) {
                    best = j;
                }
            }
            count[best]++;
        }
        double[] qty = new double[n], entry = new double[n], liq = new double[n], bk = new double[n], lev = new double[n];
        double sigma = spec.entrySpreadPct() / 100;
        double clear = spec.clearancePct() / 100;
        int i = 0;
        for (int j = 0; j < k; j++) {
            if (count[j] == 0) {
                continue;
            }
            LiquidationDistance d = LiquidationDistance.of(side, mix.leverage()[j], spec.accountNotionalUsd(), tiers);
            double usdEach = spec.oiUsd() * mix.weight()[j] / count[j];
            for (int c = 0; c < count[j]; c++, i++) {
                double e = price;
                for (int t = 0; t < MAX_REDRAWS; t++) {
                    e = price * Math.exp(sigma * rnd.nextGaussian());
                    double l = e * d.liquidationRatio();
                    // a level the recent range has crossed is gone: keep only those beyond the clearance
                    if (side == Side.LONG ? l < price * (1 - clear) : l > price * (1 + clear)) {
                        break;
                    }
                    e = side == Side.LONG ? price * (1 - clear) / d.liquidationRatio() * 0.999 : price * (1 + clear) / d.liquidationRatio() * 1.001;
                }
                // notional at the reference price adds up to the side's open interest
                qty[i] = usdEach / price;
                entry[i] = e;
                liq[i] = e * d.liquidationRatio();
                bk[i] = e * d.bankruptcyRatio();
                lev[i] = mix.leverage()[j];
            }
        }
        return new Book(qty, entry, liq, bk, lev);
    }

    /**
     * Calculates Λ(x): the long notional (valued at the reference price) whose liquidation price is at or above
     * {@code price · exp(−x/100)}, for each drawdown {@code xPct[i]} (ascending, log-percent).
     */
    public double[] longLiquidationCurve(double[] xPct) {
        double[] liq = longs.liquidation();
        double[] q = longs.qty();
        int n = liq.length;
        // liquidation prices descending
        int[] idx = sortDescending(liq);
        double[] cumAt = new double[xPct.length];
        int p = 0;
        double cum = 0;
        for (int i = 0; i < xPct.length; i++) {
            double threshold = price * Math.exp(-xPct[i] / 100);
            while (p < n && liq[idx[p]] >= threshold) {
                cum += q[idx[p]] * price;
                p++;
            }
            cumAt[i] = cum;
        }
        return cumAt;
    }

    /** Indices that sort {@code v} descending (primitive quicksort on a copy, no boxing). */
    static int[] sortDescending(double[] v) {
        int n = v.length;
        double[] copy = v.clone();
        int[] idx = new int[n];
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        quickSort(copy, order, 0, n - 1);
        for (int i = 0; i < n; i++) {
            idx[i] = order[n - 1 - i];
        }
        return idx;
    }

    private static void quickSort(double[] a, int[] o, int lo, int hi) {
        while (lo < hi) {
            double pivot = a[(lo + hi) >>> 1];
            int i = lo, j = hi;
            while (i <= j) {
                while (a[i] < pivot) {
                    i++;
                }
                while (a[j] > pivot) {
                    j--;
                }
                if (i <= j) {
                    double t = a[i];
                    a[i] = a[j];
                    a[j] = t;
                    int u = o[i];
                    o[i] = o[j];
                    o[j] = u;
                    i++;
                    j--;
                }
            }
            if (j - lo < hi - i) {
                quickSort(a, o, lo, j);
                lo = i;
            } else {
                quickSort(a, o, i, hi);
                hi = j;
            }
        }
    }

    @Override
    public String toString() {
        return "LiquidationLadder[price=" + price + ", longs=" + longs.size() + ", shorts=" + shorts.size() + "]";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LiquidationLadder l && l.price == price && Arrays.equals(l.longs.qty(), longs.qty())
                && Arrays.equals(l.shorts.qty(), shorts.qty()) && Arrays.equals(l.longs.liquidation(), longs.liquidation());
    }

    @Override
    public int hashCode() {
        return Double.hashCode(price) * 31 + longs.size();
    }
}
