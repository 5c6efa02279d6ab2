package io.perpguard.cascade;

import io.perpguard.Checks;
import io.perpguard.InvalidInputException;
import io.perpguard.instrument.RiskTiers;
import io.perpguard.margin.Side;
import io.perpguard.market.CandleSeries;
import io.perpguard.market.OpenInterestHistory;

/**
 * Estimated liquidation notional by price bucket, long and short: a liquidation heat map rebuilt from open
 * interest, not from a proprietary feed.
 * <pre>
 * L̂(p, t) = Σ_{τ &lt; t} ΔOI⁺(τ) · p(τ) · Σ_k w_k · 1[p = p(τ)·liqRatio_k] · 2^(−(t − τ)/halfLife)   (level not yet crossed)
 * </pre>
 * OI-flow reconstruction (CASCADE.md §2.2, min66633 heatmap.py): each OI increase is new positions opened at the
 * bar's price, split long/short by {@code longShare} and spread over a leverage mix; each leverage's liquidation
 * distance comes from the real tier tables (isolated formula with MMR and maintenance amount). Old estimates
 * decay with a half-life; a level the price has since traded through is removed (those positions are gone);
 * OI decreases scale the remaining levels down pro rata (closed positions).
 */
public final class LiquidationMap {
    /** Most buckets a map uses; the bucket is widened when the price range needs more. */
    public static final int MAX_BUCKETS = 400;

    private LiquidationMap() {
    }

    /**
     * Settings.
     *
     * @param mix              leverage distribution of new positions
     * @param longShare        share of each OI increase taken to be longs, 0–1 (top-trader long/short ratio r gives r/(1+r))
     * @param halfLifeHours    half-life of an estimate (CASCADE.md §2.2: 7 days = 168 h)
     * @param bucketPct        bucket width as a percent of the last price
     * @param accountNotional  notional of a typical position, picks the tier whose MMR applies (USDT)
     * @param reduceOnOiDrop   scale all levels by OI_t / OI_{t−1} when OI falls
     */
    public record Settings(LeverageMix mix, double longShare, double halfLifeHours, double bucketPct,
                           double accountNotional, boolean reduceOnOiDrop) {
        public Settings {
            Checks.notNull("leverageMix", mix);
            Checks.inRange("longShare", longShare, 0, 1);
            Checks.positive("halfLifeHours", halfLifeHours);
            Checks.inRange("bucketPct", bucketPct, 0.01, 10);
            Checks.positive("accountNotional", accountNotional);
        }

        public static Settings defaults(LeverageMix mix) {
            return new Settings(mix, 0.5, 168, 0.25, 10_000, true);
        }
    }

    /**
     * The map.
     *
     * @param symbol          contract
     * @param lastPrice       price at the last OI sample the candles cover ({@link CandleSeries#priceAt})
     * @param bucketLow       lower edge of each price bucket, ascending
     * @param bucketSize      width of a bucket (quote currency)
     * @param longUsd         estimated long liquidation notional per bucket at the last sample (below the price)
     * @param shortUsd        estimated short liquidation notional per bucket at the last sample (above the price)
     * @param timeMs          OI sample times (heat-map columns; a sample no candle covers has an empty column)
     * @param atMs            the map's time: the last OI sample the candles cover
     * @param heat            heat[t][b]: long + short notional in bucket b as estimated at sample t
     * @param levelsAdded     liquidation levels created
     * @param levelsCrossed   levels removed because price traded through them
     */
    public record Result(String symbol, double lastPrice, double[] bucketLow, double bucketSize, double[] longUsd,
                         double[] shortUsd, long[] timeMs, long atMs, double[][] heat, int levelsAdded, int levelsCrossed) {
        public double totalLongUsd() {
            double s = 0;
            for (double v : longUsd) {
                s += v;
            }
            return s;
        }

        public double totalShortUsd() {
            double s = 0;
            for (double v : shortUsd) {
                s += v;
            }
            return s;
        }

        /** Index of the bucket holding {@code price}, or −1 when outside the map. */
        public int bucketOf(double price) {
            int b = (int) Math.floor((price - bucketLow[0]) / bucketSize);
            return b >= 0 && b < bucketLow.length ? b : -1;
        }
    }

    /**
     * Builds the map over the whole OI history (see the class formula). A sample at time T is priced at the last traded
     * price then ({@link CandleSeries#priceAt}: not the close of the bar opening at T, an interval later) and its levels
     * meet the bars that closed after it; samples no candle covers add nothing.
     */
    public static Result build(CandleSeries candles, OpenInterestHistory oi, RiskTiers tiers, Settings s) {
        int n = oi.size();
        if (n < 2) {
            throw new InvalidInputException("oi", "needs at least two open-interest samples to see increments, got " + n);
        }
        if (candles.size() == 0) {
            throw new InvalidInputException("candles", "no candles");
        }
        long interval = candles.intervalMs();
        int lastSample = n - 1;
        while (lastSample >= 0 && Double.isNaN(candles.priceAt(oi.timeMs()[lastSample], interval))) {
            lastSample--;
        }
        if (lastSample < 0) {
            throw new InvalidInputException("oi", "no open-interest sample falls within the candles (first open to last close); the files do not overlap");
        }
        LeverageMix mix = s.mix();
        int k = mix.size();
        double[] longRatio = new double[k], shortRatio = new double[k];
        double maxDist = 0;
        for (int j = 0; j < k; j++) {
            longRatio[j] = LiquidationDistance.of(Side.LONG, mix.leverage()[j], s.accountNotional(), tiers).liquidationRatio();
            shortRatio[j] = LiquidationDistance.of(Side.SHORT, mix.leverage()[j], s.accountNotional(), tiers).liquidationRatio();
            maxDist = Math.max(maxDist, Math.max(1 - longRatio[j], shortRatio[j] - 1));
        }
        // price grid: every level any bar could create
        int c0 = Math.max(0, candles.indexClosedBy(oi.timeMs()[0], interval));
        int cN = Math.max(0, candles.indexClosedBy(oi.timeMs()[lastSample], interval));
        double lo = Double.POSITIVE_INFINITY, hi = 0;
        for (int c = c0; c <= cN; c++) {
            lo = Math.min(lo, candles.low()[c]);
            hi = Math.max(hi, candles.high()[c]);
        }
        double last = candles.priceAt(oi.timeMs()[lastSample], interval);
        double gridLo = lo * (1 - maxDist) * 0.999, gridHi = hi * (1 + maxDist) * 1.001;
        double size = last * s.bucketPct() / 100;
        int nb = (int) Math.ceil((gridHi - gridLo) / size);
        if (nb > MAX_BUCKETS) {
            size = (gridHi - gridLo) / MAX_BUCKETS;
            nb = MAX_BUCKETS;
        }
        double[] bucketLow = new double[nb];
        for (int b = 0; b < nb; b++) {
            bucketLow[b] = gridLo + b * size;
        }
        // levels, structure of arrays
        int cap = (n - 1) * k * 2;
        double[] lvPrice = new double[cap], lvUsd = new double[cap];
        long[] lvBirth = new long[cap];
        boolean[] lvLong = new boolean[cap];
        int m = 0, crossed = 0;
        double[][] heat = new double[n][nb];
        double lambda = Math.log(2) / (s.halfLifeHours() * 3_600_000.0);
        int prevC = candles.indexClosedBy(oi.timeMs()[0], interval);
        for (int i = 1; i <= lastSample; i++) {
            double price = candles.priceAt(oi.timeMs()[i], interval);
            if (Double.isNaN(price)) {
                continue;
            }
            int c = candles.indexClosedBy(oi.timeMs()[i], interval);
            // 1. remove levels the bars since the last sample traded through
            double barLo = Double.POSITIVE_INFINITY, barHi = 0;
            for (int q = Math.max(prevC + 1, 0); q <= c; q++) {
                barLo = Math.min(barLo, candles.low()[q]);
                barHi = Math.max(barHi, candles.high()[q]);
            }
            for (int j = 0; j < m; j++) {
                if (lvUsd[j] > 0 && (lvLong[j] ? barLo <= lvPrice[j] : barHi >= lvPrice[j])) {
                    lvUsd[j] = 0;
                    crossed++;
                }
            }
            prevC = c;
            double prevOi = oi.openInterest()[i - 1], curOi = oi.openInterest()[i];
            double newUsd = (curOi - prevOi) * price;
            if (newUsd > 0) {
                // 2. new positions at this bar's price, spread over the leverage mix
                for (int j = 0; j < k; j++) {
                    double w = newUsd * mix.weight()[j];
                    lvPrice[m] = price * longRatio[j];
                    lvUsd[m] = w * s.longShare();
                    lvLong[m] = true;
                    lvBirth[m++] = oi.timeMs()[i];
                    lvPrice[m] = price * shortRatio[j];
                    lvUsd[m] = w * (1 - s.longShare());
                    lvLong[m] = false;
                    lvBirth[m++] = oi.timeMs()[i];
                }
            } else if (newUsd < 0 && s.reduceOnOiDrop() && prevOi > 0) {
                // 3. closed positions: scale surviving levels pro rata
                double keep = curOi / prevOi;
                for (int j = 0; j < m; j++) {
                    lvUsd[j] *= keep;
                }
            }
            // 4. snapshot with decay 2^(−age/halfLife)
            for (int j = 0; j < m; j++) {
                if (lvUsd[j] <= 0) {
                    continue;
                }
                int b = (int) Math.floor((lvPrice[j] - gridLo) / size);
                if (b >= 0 && b < nb) {
                    heat[i][b] += lvUsd[j] * Math.exp(-lambda * (oi.timeMs()[i] - lvBirth[j]));
                }
            }
        }
        double[] longUsd = new double[nb], shortUsd = new double[nb];
        long tEnd = oi.timeMs()[lastSample];
        for (int j = 0; j < m; j++) {
            if (lvUsd[j] <= 0) {
                continue;
            }
            int b = (int) Math.floor((lvPrice[j] - gridLo) / size);
            if (b >= 0 && b < nb) {
                double v = lvUsd[j] * Math.exp(-lambda * (tEnd - lvBirth[j]));
                if (lvLong[j]) {
                    longUsd[b] += v;
                } else {
                    shortUsd[b] += v;
                }
            }
        }
        return new Result(tiers.symbol(), last, bucketLow, size, longUsd, shortUsd, oi.timeMs().clone(), tEnd, heat, m, crossed);
    }
}
