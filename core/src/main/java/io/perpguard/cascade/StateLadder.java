package io.perpguard.cascade;

import io.perpguard.instrument.RiskTiers;
import io.perpguard.margin.Side;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Builds a market's position ladder from pre-event observables ({@link MarketState}) instead of a hand-set leverage
 * mix. Over the look-back window:
 * <pre>
 * contracts c(t) = OI_usd(tₖ) / close(tₖ) at each sample, linearly interpolated to each bar, flat outside the samples
 * seasoned      : c(t₀) per side at window start, entries price₀·exp(σ·z), base mix 1–20× × seasonedLeverageScale
 * each bar      : positions whose liquidation price the bar traded through are gone (LiquidationMap rule);
 *                 turnover: a share 1 − e^(−turnoverPerVolume·Vᵢ/OIᵢ) of open positions closes and reopens at the bar
 *                 (Vᵢ the bar's quote volume, OIᵢ the OI in USD; without volumes Vᵢ/OIᵢ = Δt / 1 day);
 *                 Δc &gt; 0 opens fresh positions at three prices inside the bar, base mix 2–100× × freshLeverageScale;
 *                 Δc &lt; 0 closes every open position pro rata
 * crowding      : k(t) = crowdingElasticity·(f̄₂₄ₕ(t) − 0.01 %)/0.01 % + longShortElasticity·ln(long/short), |k| ≤ 1.5,
 *                 f̄₂₄ₕ(t) the mean funding of the day before t; positions opened at bar t take long leverage × e^k(t),
 *                 short leverage × e^−k(t) (positive funding = longs pay = longs crowded); seasoned positions take k at
 *                 the window's start, new opens during the event k at its end
 * end           : each side rescaled to the pre-event OI (every contract has a long and a short)
 * cross margin  : (off unless crossMarginShare c &gt; 0) every position opened in the window or before it splits into
 *                 (1 − c)·q isolated, liquidation and bankruptcy ratios ℓ, b from the tiers, and c·q in a cross-margin account
 *                 whose wallet holds h = crossExcessMargin × the position's initial margin beyond it:
 *                 ℓ' = ℓ + h·(b − 1),  b' = b + h·(b − 1)    (the account's extra collateral absorbs h·IM more loss; longs
 *                 floored at {@link #CROSS_MIN_RATIO}); the look-back path removes each part at its own level
 * </pre>
 * OI-flow reconstruction as in {@link LiquidationMap} (CASCADE.md §2.2); liquidation prices from the real tiers.
 * A freshly and heavily levered market therefore carries many positions close to liquidation; a market whose OI fell
 * (de-levered) or was flat carries mostly seasoned, low-leverage positions far from it.
 */
public final class StateLadder {
    /** Binance's baseline funding (interest component) per 8 h. */
    static final double BASE_FUNDING = 0.0001;
    /** Calm 1 % depth as a share of OI when depth is not observed: BTCUSDT before 10 Oct 2025, $244M / $14B. */
    public static final double DEFAULT_DEPTH_TO_OI = 244e6 / 14e9;
    /** OI traded per day for turnover when the bars carry no volume (BTCUSDT before 10 Oct 2025: $13.35B a day on $14B). */
    public static final double DEFAULT_OI_TRADED_PER_DAY = 1;
    static final double[] FRESH_LEV = {2, 3, 5, 10, 20, 50, 100};
    static final double[] FRESH_W = {0.15, 0.15, 0.2, 0.2, 0.15, 0.1, 0.05};
    static final double[] SEASONED_LEV = {1, 2, 3, 5, 10, 20};
    static final double[] SEASONED_W = {0.35, 0.25, 0.15, 0.12, 0.08, 0.05};
    private static final int SEASONED_PER_CLASS = 300;
    private static final double[] IN_BAR = {0.25, 0.5, 0.75};
    private static final int LONG = 0, SHORT = 1;
    private static final double FUNDING_MS = 8 * 3_600_000.0, DAY_MS = 24 * 3_600_000.0;
    /** Lowest liquidation or bankruptcy ratio of a long in a cross-margin account (its collateral covers a 99.99 % fall). */
    static final double CROSS_MIN_RATIO = 1e-4;

    private StateLadder() {
    }

    /**
     * The ladder and what it was built from.
     *
     * @param ladder          positions
     * @param spec            OI, new-open leverage mix (the fresh long/short mixes) and account size for the event core
     * @param defaults        each missing series and the default used (codes; app/explain writes the sentence)
     * @param freshShare      share of long contracts opened inside the window
     * @param crowding        k, the log leverage tilt toward longs
     * @param meanLongLeverage notional-weighted leverage of the longs
     * @param longAt5Pct      share of long OI whose liquidation lies within a 5 % fall
     * @param longAt10Pct     share of long OI whose liquidation lies within a 10 % fall
     * @param depth1PctUsd    calm 1 % depth used (observed, estimated from the bars' volume, or default)
     * @param beta            beta used
     */
    public record Built(LiquidationLadder ladder, LadderSpec spec, List<StateDefault> defaults, double freshShare, double crowding,
                        double meanLongLeverage, double longAt5Pct, double longAt10Pct, double depth1PctUsd, double beta) {
        public Built {
            defaults = List.copyOf(defaults);
        }
    }

    /** Builds the ladder of a market at {@code price} (see the class formula). */
    public static Built build(MarketState st, double price, Behaviour b, RiskTiers tiers, double accountNotional, long seed) {
        List<StateDefault> defaults = new ArrayList<>();
        double oiPre = st.openInterestUsd();
        // bars of the window
        int n = st.barTimeMs().length;
        long[] t;
        double[] close, hi, lo;
        int i0 = 0;
        if (n == 0) {
            defaults.add(StateDefault.of(StateDefault.Code.NO_PRICES));
            t = new long[]{0};
            close = hi = lo = new double[]{price};
        } else {
            long from = st.barTimeMs()[n - 1] - (long) (st.lookbackHours() * 3_600_000L);
            while (i0 < n - 1 && st.barTimeMs()[i0] < from) {
                i0++;
            }
            t = Arrays.copyOfRange(st.barTimeMs(), i0, n);
            close = Arrays.copyOfRange(st.barClose(), i0, n);
            hi = Arrays.copyOfRange(st.barHigh(), i0, n);
            lo = Arrays.copyOfRange(st.barLow(), i0, n);
        }
        double[] vol = n == 0 || st.barQuoteUsd().length == 0 ? null : Arrays.copyOfRange(st.marketQuoteUsd(), i0, n);
        if (n > 0 && vol == null) {
            defaults.add(StateDefault.of(StateDefault.Code.NO_VOLUME, "oiPerDay", DEFAULT_OI_TRADED_PER_DAY));
        } else if (vol != null) {
            defaults.add(Double.isNaN(st.volumeShare()) ? StateDefault.of(StateDefault.Code.NO_VOLUME_SHARE)
                    : StateDefault.of(StateDefault.Code.VOLUME_SHARE, "share", st.volumeShare()));
        }
        int m = t.length;
        double[] c = new double[m];
        if (st.oiUsd().length <= 1) {
            defaults.add(StateDefault.of(st.oiUsd().length == 0 ? StateDefault.Code.NO_OI_HISTORY : StateDefault.Code.ONE_OI_SAMPLE));
            Arrays.fill(c, oiPre / price);
        } else {
            // contracts at each sample (USD / the close of the bar holding it), interpolated, flat outside the samples
            double[] sc = new double[st.oiUsd().length];
            for (int j = 0; j < sc.length; j++) {
                sc[j] = st.oiUsd()[j] / closeAt(st, st.oiTimeMs()[j], price);
            }
            for (int i = 0; i < m; i++) {
                c[i] = interpolate(st.oiTimeMs(), sc, t[i]);
            }
        }
        // crowding per bar from the funding paid over the day before it (settlements placed 8 h apart, the last at the
        // window's end: it is within 8 h of it; flat before the first): positions take the crowding of when they opened
        double barMs = m > 1 ? t[m - 1] - t[m - 2] : 0;
        double[] fDay = new double[m];
        double fSeasoned;
        if (st.fundingRate().length == 0) {
            defaults.add(StateDefault.of(StateDefault.Code.NO_FUNDING, "baseFundingPct", 100 * BASE_FUNDING));
            Arrays.fill(fDay, BASE_FUNDING);
            fSeasoned = BASE_FUNDING;
        } else {
            double[] fr = st.fundingRate();
            double end = t[m - 1] + barMs;
            for (int i = 0; i < m; i++) {
                fDay[i] = dayFunding(fr, end, t[i] + barMs);
            }
            fSeasoned = dayFunding(fr, end, t[0]);
        }
        double ls = 0;
        if (Double.isNaN(st.longShortRatio())) {
            defaults.add(StateDefault.of(StateDefault.Code.NO_LONG_SHORT));
        } else {
            ls = b.get(Behaviour.LS_ELASTICITY) * Math.log(st.longShortRatio());
        }
        double[] kBar = new double[m];
        for (int i = 0; i < m; i++) {
            kBar[i] = crowding(b, fDay[i], ls);
        }
        double k = kBar[m - 1], kSeasoned = crowding(b, fSeasoned, ls);
        double depth = st.depth1PctUsd();
        DepthEstimate.Estimate est = Double.isNaN(depth) && n > 0 ? DepthEstimate.of(st, i0) : null;
        if (est != null) {
            depth = est.depth1PctUsd();
            defaults.add(StateDefault.of(StateDefault.Code.DEPTH_ESTIMATED, "depthUsd", depth, "depthToOiPct", 100 * depth / oiPre,
                    "returns", est.returns(), "illiquidity", est.illiquidity()));
        } else if (Double.isNaN(depth)) {
            depth = oiPre * DEFAULT_DEPTH_TO_OI;
            defaults.add(StateDefault.of(StateDefault.Code.NO_DEPTH, "depthToOiPct", 100 * DEFAULT_DEPTH_TO_OI));
        }
        double beta = st.beta();
        if (Double.isNaN(beta)) {
            beta = 1;
            defaults.add(StateDefault.of(StateDefault.Code.NO_BETA));
        }
        double maxLev = tiers.maxLeverageFor(accountNotional);
        Side[] sides = {Side.LONG, Side.SHORT};
        double fs = b.get(Behaviour.FRESH_LEV), ss = b.get(Behaviour.SEASONED_LEV);
        // leverage classes: [side][class] -> leverage, liquidation ratio, bankruptcy ratio
        double[][] sLev = new double[2][], sLiq = new double[2][], sBk = new double[2][];
        double[] tiltS = {Math.exp(kSeasoned), Math.exp(-kSeasoned)};
        for (int s = 0; s < 2; s++) {
            sLev[s] = scaledLev(SEASONED_LEV, ss * tiltS[s], maxLev);
            sLiq[s] = new double[sLev[s].length];
            sBk[s] = new double[sLev[s].length];
            for (int j = 0; j < sLev[s].length; j++) {
                LiquidationDistance d = LiquidationDistance.of(sides[s], sLev[s][j], accountNotional, tiers);
                sLiq[s][j] = d.liquidationRatio();
                sBk[s][j] = d.bankruptcyRatio();
            }
        }
        // fresh classes per distinct crowding (bars with the same day's funding share them)
        java.util.Map<Double, double[][][]> freshByK = new java.util.HashMap<>();
        java.util.function.DoubleFunction<double[][][]> fresh = kk -> freshByK.computeIfAbsent(kk, key -> {
            double[][][] out = new double[3][2][];
            double[] tilt = {Math.exp(key), Math.exp(-key)};
            for (int s = 0; s < 2; s++) {
                out[0][s] = scaledLev(FRESH_LEV, fs * tilt[s], maxLev);
                out[1][s] = new double[out[0][s].length];
                out[2][s] = new double[out[0][s].length];
                for (int j = 0; j < out[0][s].length; j++) {
                    LiquidationDistance d = LiquidationDistance.of(sides[s], out[0][s][j], accountNotional, tiers);
                    out[1][s][j] = d.liquidationRatio();
                    out[2][s][j] = d.bankruptcyRatio();
                }
            }
            return out;
        });
        double cs = b.get(Behaviour.CROSS_SHARE), ch = b.get(Behaviour.CROSS_EXCESS);
        Side_[] book = {new Side_(cs, ch), new Side_(cs, ch)};
        Random rnd = new Random(seed);
        double sigma = b.get(Behaviour.SEASONED_SPREAD) / 100;
        for (int s = 0; s < 2; s++) {
            for (int j = 0; j < sLev[s].length; j++) {
                double q = c[0] * SEASONED_W[j] / SEASONED_PER_CLASS;
                for (int r = 0; r < SEASONED_PER_CLASS; r++) {
                    double e = close[0] * Math.exp(sigma * rnd.nextGaussian());
                    book[s].open(q, e, sLiq[s][j], sBk[s][j], sLev[s][j], false);
                }
            }
        }
        // positions already past liquidation at the window's first price are gone
        book[LONG].removeCrossed(true, close[0]);
        book[SHORT].removeCrossed(false, close[0]);
        for (int i = 1; i < m; i++) {
            book[LONG].removeCrossed(true, lo[i]);
            book[SHORT].removeCrossed(false, hi[i]);
            // turnover: a share of open positions closes and reopens at this bar's prices (holding periods are days)
            // per unit of the bar's quote volume / OI (one OI a day without volumes)
            double traded = vol == null ? DEFAULT_OI_TRADED_PER_DAY * (t[i] - t[i - 1]) / 86_400_000.0 : vol[i] / (c[i - 1] * close[i]);
            double turn = -Math.expm1(-b.get(Behaviour.TURNOVER) * traded);
            double dc = c[i] - c[i - 1];
            if (turn > 0) {
                book[LONG].scale(1 - turn);
                book[SHORT].scale(1 - turn);
                dc += turn * c[i - 1];
                // positions reopened replace closed ones; the OI change below is on top
                if (c[i] < c[i - 1]) {
                    book[LONG].scale(c[i] / c[i - 1]);
                    book[SHORT].scale(c[i] / c[i - 1]);
                    dc = turn * c[i];
                }
            }
            if (dc > 0) {
                double[][][] fc = fresh.apply(kBar[i]);
                double[][] fLev = fc[0], fLiq = fc[1], fBk = fc[2];
                for (int s = 0; s < 2; s++) {
                    for (double f : IN_BAR) {
                        double e = lo[i] + (hi[i] - lo[i]) * f;
                        for (int j = 0; j < fLev[s].length; j++) {
                            book[s].open(dc * FRESH_W[j] / IN_BAR.length, e, fLiq[s][j], fBk[s][j], fLev[s][j], true);
                        }
                    }
                }
            } else if (dc < 0 && c[i - 1] > 0 && turn == 0) {
                book[LONG].scale(c[i] / c[i - 1]);
                book[SHORT].scale(c[i] / c[i - 1]);
            }
        }
        book[LONG].removeCrossed(true, price);
        book[SHORT].removeCrossed(false, price);
        double target = oiPre / price;
        book[LONG].scale(target / Math.max(1e-300, book[LONG].total()));
        book[SHORT].scale(target / Math.max(1e-300, book[SHORT].total()));
        LiquidationLadder ladder = new LiquidationLadder(price, book[LONG].toBook(), book[SHORT].toBook());
        double[] lam = ladder.longLiquidationCurve(new double[]{-100 * Math.log(0.95), -100 * Math.log(0.90)});
        // new opens during the event take the crowding at the window's end
        double[][] fLev = fresh.apply(k)[0];
        LadderSpec spec = new LadderSpec(oiPre, ladder.size(), new LeverageMix(fLev[LONG], FRESH_W),
                new LeverageMix(fLev[SHORT], FRESH_W), b.get(Behaviour.SEASONED_SPREAD), accountNotional, tiers.symbol(), 0);
        return new Built(ladder, spec, defaults, book[LONG].freshShare(), k, book[LONG].meanLeverage(), lam[0] / oiPre,
                lam[1] / oiPre, depth, beta);
    }

    /** k = crowdingElasticity·(f − 0.01 %)/0.01 % + the long/short term, |k| ≤ 1.5. */
    private static double crowding(Behaviour b, double funding, double longShortTerm) {
        double k = b.get(Behaviour.CROWDING) * (funding - BASE_FUNDING) / BASE_FUNDING + longShortTerm;
        return Math.max(-1.5, Math.min(1.5, k));
    }

    /**
     * Mean funding of the settlements in the day up to {@code at}; settlement j of N at {@code end − (N − 1 − j)·8 h};
     * the nearest settlement when none falls in that day (before the series starts).
     */
    static double dayFunding(double[] fr, double end, double at) {
        int n = fr.length;
        double sum = 0;
        int c = 0;
        for (int j = 0; j < n; j++) {
            double tj = end - (n - 1 - j) * FUNDING_MS;
            if (tj <= at && tj > at - DAY_MS) {
                sum += fr[j];
                c++;
            }
        }
        if (c > 0) {
            return sum / c;
        }
        return at < end - (n - 1) * FUNDING_MS ? fr[0] : fr[n - 1];
    }

    private static double[] scaledLev(double[] base, double f, double max) {
        double[] l = new double[base.length];
        for (int j = 0; j < l.length; j++) {
            l[j] = Math.max(1, Math.min(max, base[j] * f));
        }
        return l;
    }

    /** Close of the last bar opened at or before {@code at}; {@code fallback} when there is none (e.g. the event start). */
    static double closeAt(MarketState st, long at, double fallback) {
        long[] t = st.barTimeMs();
        if (t.length == 0 || at > t[t.length - 1] + (t.length > 1 ? t[t.length - 1] - t[t.length - 2] : 0)) {
            return fallback;
        }
        int i = 0;
        while (i + 1 < t.length && t[i + 1] <= at) {
            i++;
        }
        return st.barClose()[i];
    }

    /** Linear interpolation of (x, y) at {@code at}, flat outside. */
    static double interpolate(long[] x, double[] y, long at) {
        if (at <= x[0]) {
            return y[0];
        }
        int n = x.length;
        if (at >= x[n - 1]) {
            return y[n - 1];
        }
        int i = 1;
        while (x[i] < at) {
            i++;
        }
        double w = (double) (at - x[i - 1]) / (x[i] - x[i - 1]);
        return y[i - 1] + w * (y[i] - y[i - 1]);
    }

    /** One side's positions while building (growable columns). */
    private static final class Side_ {
        /** Cross-margin share c and excess collateral h (class formula); c = 0: every position isolated. */
        private final double crossShare, crossExcess;

        Side_(double crossShare, double crossExcess) {
            this.crossShare = crossShare;
            this.crossExcess = crossExcess;
        }

        /**
         * Opens {@code qty} at {@code entry} with the tiers' liquidation and bankruptcy ratios: isolated, or split into its
         * isolated and cross-margin parts (class formula, "cross margin").
         */
        void open(double qty, double entry, double liqRatio, double bkRatio, double leverage, boolean isFresh) {
            if (crossShare == 0) {
                add(qty, entry, entry * liqRatio, entry * bkRatio, leverage, isFresh);
                return;
            }
            double extra = crossExcess * (bkRatio - 1);
            double liqCross = Math.max(CROSS_MIN_RATIO, liqRatio + extra), bkCross = Math.max(CROSS_MIN_RATIO, bkRatio + extra);
            if (crossShare < 1) {
                add(qty * (1 - crossShare), entry, entry * liqRatio, entry * bkRatio, leverage, isFresh);
            }
            add(qty * crossShare, entry, entry * liqCross, entry * bkCross, leverage, isFresh);
        }

        double[] q = new double[256], e = new double[256], l = new double[256], bk = new double[256], lev = new double[256];
        boolean[] fresh = new boolean[256];
        int n;

        void add(double qty, double entry, double liq, double bank, double leverage, boolean isFresh) {
            if (n == q.length) {
                int c = n * 2;
                q = Arrays.copyOf(q, c);
                e = Arrays.copyOf(e, c);
                l = Arrays.copyOf(l, c);
                bk = Arrays.copyOf(bk, c);
                lev = Arrays.copyOf(lev, c);
                fresh = Arrays.copyOf(fresh, c);
            }
            q[n] = qty;
            e[n] = entry;
            l[n] = liq;
            bk[n] = bank;
            lev[n] = leverage;
            fresh[n] = isFresh;
            n++;
        }

        /** Drops positions whose liquidation price {@code price} reached (longs: at or below it, shorts: at or above). */
        void removeCrossed(boolean isLong, double price) {
            int w = 0;
            for (int i = 0; i < n; i++) {
                boolean crossed = isLong ? price <= l[i] : price >= l[i];
                if (!crossed && q[i] > 0) {
                    q[w] = q[i];
                    e[w] = e[i];
                    l[w] = l[i];
                    bk[w] = bk[i];
                    lev[w] = lev[i];
                    fresh[w] = fresh[i];
                    w++;
                }
            }
            n = w;
        }

        void scale(double f) {
            for (int i = 0; i < n; i++) {
                q[i] *= f;
            }
        }

        double total() {
            double s = 0;
            for (int i = 0; i < n; i++) {
                s += q[i];
            }
            return s;
        }

        double freshShare() {
            double f = 0, s = 0;
            for (int i = 0; i < n; i++) {
                s += q[i];
                f += fresh[i] ? q[i] : 0;
            }
            return s > 0 ? f / s : 0;
        }

        double meanLeverage() {
            double s = 0, w = 0;
            for (int i = 0; i < n; i++) {
                s += q[i];
                w += q[i] * lev[i];
            }
            return s > 0 ? w / s : 0;
        }

        LiquidationLadder.Book toBook() {
            return new LiquidationLadder.Book(Arrays.copyOf(q, n), Arrays.copyOf(e, n), Arrays.copyOf(l, n),
                    Arrays.copyOf(bk, n), Arrays.copyOf(lev, n));
        }
    }
}
