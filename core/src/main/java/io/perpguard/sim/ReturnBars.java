package io.perpguard.sim;

import io.perpguard.Checks;
import io.perpguard.InvalidInputException;
import io.perpguard.market.CandleSeries;

/**
 * Real candles turned into price-free bars for bootstrapping: each bar's close, high and low relative to the previous
 * close, and its true range relative to the previous close. A simulated path multiplies its own previous close by
 * these, so a block of real bars keeps its shape (trend, intrabar range, volatility clustering) at any price level.
 *
 * @param closeRel     close[i] / close[i−1]
 * @param highRel      high[i] / close[i−1]
 * @param lowRel       low[i] / close[i−1]
 * @param trueRangeRel max(high − low, |high − prevClose|, |low − prevClose|)[i] / close[i−1] (Wilder 1978)
 * @param barMs        bar interval, ms (the most common spacing of the candles)
 * @param lastClose    last real close: the start price of every path (only the notional tiers depend on it)
 */
public record ReturnBars(double[] closeRel, double[] highRel, double[] lowRel, double[] trueRangeRel, long barMs,
                         double lastClose) {
    public ReturnBars {
        int n = closeRel.length;
        if (highRel.length != n || lowRel.length != n || trueRangeRel.length != n) {
            throw new InvalidInputException("bars", "columns have different lengths");
        }
        if (n < 2) {
            throw new InvalidInputException("candles", "need at least 3 candles to bootstrap returns, got " + (n + 1));
        }
        if (barMs <= 0) {
            throw new InvalidInputException("candles", "bar interval must be positive");
        }
        Checks.positive("lastClose", lastClose);
    }

    /** Builds the relative bars of a candle series (n candles → n − 1 bars). Gaps stay in: a bar after a gap spans it. */
    public static ReturnBars of(CandleSeries s) {
        Checks.notNull("candles", s);
        int n = s.size();
        if (n < 3) {
            throw new InvalidInputException("candles", "need at least 3 candles to bootstrap returns, got " + n);
        }
        double[] c = new double[n - 1], h = new double[n - 1], l = new double[n - 1], tr = new double[n - 1];
        double[] close = s.close(), high = s.high(), low = s.low();
        for (int i = 1; i < n; i++) {
            double prev = close[i - 1];
            c[i - 1] = close[i] / prev;
            h[i - 1] = high[i] / prev;
            l[i - 1] = low[i] / prev;
            // true range (Wilder 1978): the bar's range extended to the previous close
            tr[i - 1] = Math.max(high[i] - low[i], Math.max(Math.abs(high[i] - prev), Math.abs(low[i] - prev))) / prev;
        }
        return new ReturnBars(c, h, l, tr, s.intervalMs(), close[n - 1]);
    }

    public int size() {
        return closeRel.length;
    }

    /** Bar interval in hours (fractional for sub-hour bars). */
    public double barHours() {
        return barMs / 3_600_000.0;
    }
}
