package io.perpguard.cascade;

import io.perpguard.Checks;
import io.perpguard.InvalidInputException;
import io.perpguard.market.CandleSeries;
import io.perpguard.market.OpenInterestHistory;

/**
 * Open-interest regimes: what price and open interest did together over each sample interval.
 * <pre>
 * price ↑ OI ↑  NEW_LEVERAGE     new longs opening (froth)
 * price ↑ OI ↓  SHORT_COVERING   shorts closing
 * price ↓ OI ↑  NEW_SHORTS       new shorts opening
 * price ↓ OI ↓  DELEVERAGING     longs closing or liquidated
 * </pre>
 * The classic four-quadrant reading of price against open interest (CASCADE.md §2; Binance Academy "open interest").
 */
public final class OpenInterestRegime {
    private OpenInterestRegime() {
    }

    /** The regime of one interval. {@code FLAT} when price or OI did not move by more than the dead band. */
    public enum Regime {
        NEW_LEVERAGE, SHORT_COVERING, NEW_SHORTS, DELEVERAGING, FLAT
    }

    /**
     * Settings.
     *
     * @param zWindow          samples in the rolling window of the OI-change z-score (≥ 3)
     * @param zAlert           |z| at or above which an interval is flagged
     * @param rocAlertPct      |OI change| in percent over one interval at or above which it is flagged
     * @param deadBandPct      price or OI moves smaller than this (percent) count as no move
     */
    public record Settings(int zWindow, double zAlert, double rocAlertPct, double deadBandPct) {
        public static final Settings DEFAULT = new Settings(30, 2.5, 5, 0.05);

        public Settings {
            if (zWindow < 3) {
                throw new InvalidInputException("zWindow", zWindow + " must be 3 or more");
            }
            Checks.positive("zAlert", zAlert);
            Checks.positive("rocAlertPct", rocAlertPct);
            Checks.notNegative("deadBandPct", deadBandPct);
        }
    }

    /**
     * The classification, one entry per OI sample (index 0 has no previous sample: FLAT, NaN changes).
     *
     * @param timeMs          OI sample time
     * @param price           price at the sample time ({@link CandleSeries#priceAt}: the open of a bar opening then, else
     *                        the close of the bar ending at or before it; NaN before the first open or after the last close)
     * @param openInterestUsd OI value (quote)
     * @param priceChangePct  price change over the interval, percent
     * @param oiChangePct     OI (in contracts) change over the interval, percent (rate of change)
     * @param oiZScore        z-score of the OI change against the previous {@code zWindow} changes; NaN in the warm-up
     * @param leverageRatio   OI value / quote volume traded over the interval (NaN when volume is missing)
     * @param regime          quadrant
     * @param alert           |z| ≥ zAlert or |ROC| ≥ rocAlertPct
     */
    public record Result(long[] timeMs, double[] price, double[] openInterestUsd, double[] priceChangePct,
                         double[] oiChangePct, double[] oiZScore, double[] leverageRatio, Regime[] regime,
                         boolean[] alert) {
        public int size() {
            return timeMs.length;
        }

        /**
         * Number of intervals in each regime, in enum order: only intervals with a price and an OI change on both ends
         * (the first sample opens none, a sample no candle covers has no price).
         */
        public int[] counts() {
            int[] c = new int[Regime.values().length];
            for (int i = 0; i < regime.length; i++) {
                if (!Double.isNaN(priceChangePct[i]) && !Double.isNaN(oiChangePct[i])) {
                    c[regime[i].ordinal()]++;
                }
            }
            return c;
        }
    }

    /**
     * Classifies each OI sample interval against the candle prices.
     * The z-score is of the OI percent change against the mean and sample standard deviation of the previous
     * {@code zWindow} changes (no look-ahead). The leverage ratio is OI value divided by the quote volume traded
     * between the two samples (a turnover-style leverage gauge).
     */
    public static Result classify(CandleSeries candles, OpenInterestHistory oi, Settings s) {
        int n = oi.size();
        if (n == 0 || candles.size() == 0) {
            throw new InvalidInputException("oi", "needs at least one candle and one open-interest sample");
        }
        double[] price = new double[n], dP = new double[n], dOi = new double[n], z = new double[n], lev = new double[n];
        Regime[] reg = new Regime[n];
        boolean[] alert = new boolean[n];
        long interval = candles.intervalMs();
        int prevCandle = -1;
        for (int i = 0; i < n; i++) {
            // the price at the sample time is the close of the bar ending then: the one opening at the sample time closes an
            // interval later (Binance's OI value / OI at 00:00 matches the 00:00 open to 0.008 %, that bar's close to 0.37 %)
            int c = candles.indexClosedBy(oi.timeMs()[i], interval);
            price[i] = candles.priceAt(oi.timeMs()[i], interval);
            dP[i] = Double.NaN;
            dOi[i] = Double.NaN;
            z[i] = Double.NaN;
            lev[i] = Double.NaN;
            reg[i] = Regime.FLAT;
            if (i > 0 && !Double.isNaN(price[i]) && !Double.isNaN(price[i - 1]) && oi.openInterest()[i - 1] > 0) {
                dP[i] = 100 * (price[i] / price[i - 1] - 1);
                dOi[i] = 100 * (oi.openInterest()[i] / oi.openInterest()[i - 1] - 1);
                reg[i] = regime(dP[i], dOi[i], s.deadBandPct());
                double quoteVolume = 0;
                for (int k = prevCandle + 1; k <= c; k++) {
                    quoteVolume += candles.volume()[k] * candles.close()[k];
                }
                // OI value / traded value over the interval; turnover-based leverage gauge (CASCADE.md §1.1 OI/volume)
                lev[i] = quoteVolume > 0 && interval > 0 ? oi.openInterestValue()[i] / quoteVolume : Double.NaN;
            }
            prevCandle = c;
        }
        for (int i = 0; i < n; i++) {
            if (Double.isNaN(dOi[i]) || i - s.zWindow() < 1) {
                continue;
            }
            double sum = 0, sum2 = 0;
            int m = 0;
            for (int k = i - s.zWindow(); k < i; k++) {
                if (!Double.isNaN(dOi[k])) {
                    sum += dOi[k];
                    sum2 += dOi[k] * dOi[k];
                    m++;
                }
            }
            if (m >= 3) {
                double mean = sum / m;
                double sd = Math.sqrt(Math.max(0, (sum2 - m * mean * mean) / (m - 1)));
                // standard score of this interval's OI change against the trailing window
                z[i] = sd > 0 ? (dOi[i] - mean) / sd : Double.NaN;
            }
        }
        for (int i = 0; i < n; i++) {
            alert[i] = (!Double.isNaN(z[i]) && Math.abs(z[i]) >= s.zAlert())
                    || (!Double.isNaN(dOi[i]) && Math.abs(dOi[i]) >= s.rocAlertPct());
        }
        return new Result(oi.timeMs().clone(), price, oi.openInterestValue().clone(), dP, dOi, z, lev, reg, alert);
    }

    /** The quadrant of one move; moves within ±deadBandPct count as none (FLAT when either is none). */
    public static Regime regime(double priceChangePct, double oiChangePct, double deadBandPct) {
        if (Math.abs(priceChangePct) <= deadBandPct || Math.abs(oiChangePct) <= deadBandPct) {
            return Regime.FLAT;
        }
        if (priceChangePct > 0) {
            return oiChangePct > 0 ? Regime.NEW_LEVERAGE : Regime.SHORT_COVERING;
        }
        return oiChangePct > 0 ? Regime.NEW_SHORTS : Regime.DELEVERAGING;
    }
}
