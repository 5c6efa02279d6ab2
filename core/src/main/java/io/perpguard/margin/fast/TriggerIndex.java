package io.perpguard.margin.fast;

import java.util.Arrays;

/**
 * The tick index of one symbol: every position's trigger prices (the liquidation price and the prices at which its
 * margin ratio reaches each alert level) in sorted primitive arrays, so a mark tick finds the triggers it crosses by
 * two binary searches — O(log N + crossed) — and only those positions are re-priced.
 * <p>A "falling" trigger (a long) is breached while mark &le; price, a "rising" one (a short) while mark &ge; price.
 * A tick from m₀ to m₁ reports the falling triggers in [min, max) and the rising ones in (min, max]: exactly those
 * whose breached state changes.
 * <p>Updates (a position, its wallet or, for cross, another symbol's mark changed) replace all of a position's
 * triggers: the old entries go stale by a version number and are dropped at the next merge; new entries wait in a
 * small sorted overlay that is merged into the main arrays once it outgrows ~8√N, so an update costs O(√N) amortized
 * and a tick stays O(log N + crossed).
 */
public final class TriggerIndex {
    /** Receives each crossed trigger. */
    public interface Sink {
        /**
         * @param id       the position
         * @param level    which of its triggers (the index given to {@link #put})
         * @param breached true when the new mark is at or beyond the trigger (its ratio level reached)
         */
        void crossed(int id, int level, boolean breached);
    }

    private static final int VERSION_BITS = 23;
    private static final int VERSION_MASK = (1 << VERSION_BITS) - 1;

    private final Side falling = new Side(true);
    private final Side rising = new Side(false);
    private int[] version;
    private double lastMark = Double.NaN;

    public TriggerIndex(int capacity) {
        version = new int[Math.max(16, capacity)];
    }

    /** The mark of the last tick (NaN before the first). */
    public double lastMark() {
        return lastMark;
    }

    /** Sets the mark without reporting crossings (the caller has priced every position at it). */
    public void resetMark(double mark) {
        lastMark = mark;
    }

    /**
     * Replaces position {@code id}'s triggers. Non-finite prices (no price reaches that level) are left out.
     *
     * @param isFalling true for a long (breached at or below the price), false for a short
     * @param prices    one price per level, {@code count} of them (at most 256)
     */
    public void put(int id, boolean isFalling, double[] prices, int count) {
        int v = bump(id);
        Side s = isFalling ? falling : rising;
        for (int level = 0; level < count; level++) {
            double p = prices[level];
            if (Double.isFinite(p) && p > 0) {
                s.pending(p, pack(id, level, v));
            }
        }
    }

    /**
     * Replaces {@code id}'s triggers by a band around the current mark: a falling trigger at {@code below} and a
     * rising one at {@code above} (levels 0 and 1), so the next tick that leaves the band reports {@code id}. A bound
     * at or past the last mark (or NaN) is moved one ulp beyond it, so any move that way reports; an infinite or
     * non-positive bound is left out.
     */
    public void putBand(int id, double below, double above) {
        int v = bump(id);
        if (!Double.isNaN(lastMark)) {
            below = Double.isNaN(below) ? Math.nextDown(lastMark) : Math.min(below, Math.nextDown(lastMark));
            above = Double.isNaN(above) ? Math.nextUp(lastMark) : Math.max(above, Math.nextUp(lastMark));
        }
        if (Double.isFinite(below) && below > 0) {
            falling.pending(below, pack(id, 0, v));
        }
        if (Double.isFinite(above) && above > 0) {
            rising.pending(above, pack(id, 1, v));
        }
    }

    /** Removes position {@code id}'s triggers. */
    public void remove(int id) {
        bump(id);
    }

    private int bump(int id) {
        if (id < 0) {
            throw new IllegalArgumentException("id " + id + " is negative");
        }
        if (id >= version.length) {
            version = Arrays.copyOf(version, Math.max(id + 1, version.length * 2));
        }
        return version[id] = (version[id] + 1) & VERSION_MASK;
    }

    private static long pack(int id, int level, int v) {
        return (long) id << 32 | (long) v << 8 | (level & 0xFF);
    }

    /**
     * Moves the mark and reports every live trigger whose breached state changes.
     *
     * @return how many triggers were reported
     */
    public int onMark(double mark, Sink sink) {
        double prev = lastMark;
        lastMark = mark;
        if (Double.isNaN(prev) || prev == mark) {
            return 0;
        }
        double lo = Math.min(prev, mark), hi = Math.max(prev, mark);
        return falling.report(lo, hi, mark, sink) + rising.report(lo, hi, mark, sink);
    }

    /** Live entries (for tests and sizing). */
    public long size() {
        return falling.live() + rising.live();
    }

    /** One direction: a sorted main run, a sorted overlay and an unsorted pending buffer. */
    private final class Side {
        final boolean isFalling;
        double[] keys = new double[0];
        long[] vals = new long[0];
        int n;
        double[] oKeys = new double[64];
        long[] oVals = new long[64];
        int on;
        double[] pKeys = new double[64];
        long[] pVals = new long[64];
        int pn;

        Side(boolean isFalling) {
            this.isFalling = isFalling;
        }

        void pending(double key, long val) {
            if (pn == pKeys.length) {
                pKeys = Arrays.copyOf(pKeys, pn * 2);
                pVals = Arrays.copyOf(pVals, pn * 2);
            }
            pKeys[pn] = key;
            pVals[pn++] = val;
        }

        boolean isLive(long val) {
            return version[(int) (val >>> 32)] == ((int) (val >>> 8) & VERSION_MASK);
        }

        long live() {
            settle();
            long c = 0;
            for (int i = 0; i < n; i++) {
                c += isLive(vals[i]) ? 1 : 0;
            }
            for (int i = 0; i < on; i++) {
                c += isLive(oVals[i]) ? 1 : 0;
            }
            return c;
        }

        /** Sorts the pending entries into the overlay, and the overlay into the main run once it is large. */
        void settle() {
            if (pn > 0) {
                Sorting.sort(pKeys, pVals, pn);
                double[] k = new double[on + pn];
                long[] v = new long[on + pn];
                on = merge(oKeys, oVals, on, pKeys, pVals, pn, k, v);
                oKeys = k;
                oVals = v;
                pn = 0;
                if (pKeys.length > 4096) {
                    pKeys = new double[64];
                    pVals = new long[64];
                }
            }
            if (on > Math.max(1024, 8 * (int) Math.sqrt(n))) {
                double[] k = new double[n + on];
                long[] v = new long[n + on];
                n = merge(keys, vals, n, oKeys, oVals, on, k, v);
                keys = k;
                vals = v;
                on = 0;
                oKeys = new double[64];
                oVals = new long[64];
            }
        }

        /** Merges two sorted runs into {@code k, v}, dropping stale entries; returns the merged length. */
        int merge(double[] ak, long[] av, int an, double[] bk, long[] bv, int bn, double[] k, long[] v) {
            int i = 0, j = 0, m = 0;
            while (i < an || j < bn) {
                boolean takeA = j >= bn || i < an && ak[i] <= bk[j];
                double key = takeA ? ak[i] : bk[j];
                long val = takeA ? av[i++] : bv[j++];
                if (isLive(val)) {
                    k[m] = key;
                    v[m++] = val;
                }
            }
            return m;
        }

        int report(double lo, double hi, double mark, Sink sink) {
            settle();
            return report(keys, vals, n, lo, hi, mark, sink) + report(oKeys, oVals, on, lo, hi, mark, sink);
        }

        private int report(double[] k, long[] v, int len, double lo, double hi, double mark, Sink sink) {
            // falling: [lo, hi); rising: (lo, hi]
            int from = isFalling ? lowerBound(k, len, lo) : upperBound(k, len, lo);
            int to = isFalling ? lowerBound(k, len, hi) : upperBound(k, len, hi);
            int c = 0;
            for (int i = from; i < to; i++) {
                long val = v[i];
                if (isLive(val)) {
                    boolean breached = isFalling ? mark <= k[i] : mark >= k[i];
                    sink.crossed((int) (val >>> 32), (int) (val & 0xFF), breached);
                    c++;
                }
            }
            return c;
        }
    }

    /** First index whose key is &ge; x. */
    static int lowerBound(double[] k, int len, double x) {
        int lo = 0, hi = len;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (k[mid] < x) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** First index whose key is &gt; x. */
    static int upperBound(double[] k, int len, double x) {
        int lo = 0, hi = len;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (k[mid] <= x) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    //-------------------------------------------------------------------------
    /**
     * The price of a one-way position's symbol at which the margin ratio equals {@code level}, every other position
     * of a cross account held at its mark (isolated: wallet = isolated margin, no others):
     * <pre>MM(p) + TMM₁ = level × (WB + UPNL₁ + side·Q·(p − EP))  ⇒  p = (cum + level·(WB + UPNL₁) − TMM₁ − level·side·Q·EP) / (Q·(MMR − level·side))</pre>
     * with MMR, cum of the tier Q·p falls in (DESIGN.md margin ratio; at level 1 the Binance USDⓈ-M liquidation-price
     * formula). The ratio rises monotonically toward the trigger while every tier's MMR is below the level; when
     * several tiers give a consistent price the one nearest the mark is taken. NaN when no positive price reaches
     * the level.
     */
    public static double triggerPrice(TierTable tt, int side, double qty, double entry, double wallet, double otherMm,
                                      double otherUpnl, double level, double mark) {
        double best = Double.NaN;
        for (int t = 0; t < tt.size(); t++) {
            double den = qty * (tt.rates[t] - level * side);
            if (den == 0) {
                continue;
            }
            double p = (tt.amounts[t] + level * (wallet + otherUpnl) - otherMm - level * side * qty * entry) / den;
            double notional = qty * p;
            if (p > 0 && Double.isFinite(p) && notional >= tt.floors[t] * (1 - 1e-12) && notional <= tt.caps[t] * (1 + 1e-12)
                    && (Double.isNaN(best) || Math.abs(p - mark) < Math.abs(best - mark))) {
                best = p;
            }
        }
        return best;
    }
}
