package io.perpguard.market;

import io.perpguard.InvalidInputException;

import java.util.Arrays;

/**
 * OHLCV candles as primitive arrays (structure of arrays), oldest first, open times strictly increasing.
 *
 * @param symbol     e.g. {@code BTCUSDT} (may be empty when the file does not say)
 * @param openTimeMs candle open time, epoch milliseconds UTC
 * @param open       open prices
 * @param high       high prices
 * @param low        low prices
 * @param close      close prices
 * @param volume     base-asset volume
 */
public record CandleSeries(String symbol, long[] openTimeMs, double[] open, double[] high, double[] low,
                           double[] close, double[] volume) {
    public CandleSeries {
        int n = openTimeMs.length;
        if (open.length != n || high.length != n || low.length != n || close.length != n || volume.length != n) {
            throw new InvalidInputException("candles", "columns have different lengths");
        }
        for (int i = 1; i < n; i++) {
            if (openTimeMs[i] <= openTimeMs[i - 1]) {
                throw new InvalidInputException("candles", "open times must increase: row " + i + " (" + openTimeMs[i]
                        + ") is not after row " + (i - 1) + " (" + openTimeMs[i - 1] + ")");
            }
        }
    }

    public int size() {
        return openTimeMs.length;
    }

    /** The most common spacing between consecutive candles (the bar interval), ms; 0 with fewer than 2 candles. */
    public long intervalMs() {
        int n = size();
        if (n < 2) {
            return 0;
        }
        long[] d = new long[n - 1];
        for (int i = 1; i < n; i++) {
            d[i - 1] = openTimeMs[i] - openTimeMs[i - 1];
        }
        Arrays.sort(d);
        // the mode of the spacings: gaps make some spacings longer, never the common one
        long best = d[0];
        int bestRun = 0;
        for (int i = 0, run; i < d.length; i += run) {
            run = 1;
            while (i + run < d.length && d[i + run] == d[i]) {
                run++;
            }
            if (run > bestRun) {
                bestRun = run;
                best = d[i];
            }
        }
        return best;
    }

    /** Index of the last candle opening at or before {@code timeMs}, or −1 when all open later. */
    public int indexAtOrBefore(long timeMs) {
        int i = Arrays.binarySearch(openTimeMs, timeMs);
        return i >= 0 ? i : -i - 2;
    }

    /**
     * The candle whose close is the last price at {@code timeMs}: the last one closed at or before it (open + interval ≤ time),
     * or −1 when none has closed by then or the time is after the last candle's close (no price is known there). A
     * snapshot taken at T (Binance open interest, a funding time) belongs with the bar that ends at T, not the one opening
     * at T, whose close is an interval later.
     *
     * @param intervalMs the bar interval ({@link #intervalMs()}, passed in so a loop computes it once)
     */
    public int indexClosedBy(long timeMs, long intervalMs) {
        int n = size();
        if (n == 0 || timeMs > openTimeMs[n - 1] + intervalMs) {
            return -1;
        }
        return indexAtOrBefore(timeMs - intervalMs);
    }

    /**
     * The last traded price at {@code timeMs}: the open of a candle opening exactly then, else the close of the last candle
     * closed at or before it ({@link #indexClosedBy}); NaN before the first open or after the last close.
     */
    public double priceAt(long timeMs, long intervalMs) {
        int i = Arrays.binarySearch(openTimeMs, timeMs);
        if (i >= 0) {
            return open[i];
        }
        int c = indexClosedBy(timeMs, intervalMs);
        return c >= 0 ? close[c] : Double.NaN;
    }

    /** Candles {@code [from, to)} as a new series. */
    public CandleSeries slice(int from, int to) {
        return new CandleSeries(symbol, Arrays.copyOfRange(openTimeMs, from, to), Arrays.copyOfRange(open, from, to),
                Arrays.copyOfRange(high, from, to), Arrays.copyOfRange(low, from, to), Arrays.copyOfRange(close, from, to),
                Arrays.copyOfRange(volume, from, to));
    }

    /** Simple close-to-close returns, length n − 1: {@code close[i+1] / close[i] − 1}. */
    public double[] simpleReturns() {
        int n = size();
        double[] r = new double[Math.max(0, n - 1)];
        for (int i = 1; i < n; i++) {
            r[i - 1] = close[i] / close[i - 1] - 1;
        }
        return r;
    }

    /** Log close-to-close returns, length n − 1. */
    public double[] logReturns() {
        int n = size();
        double[] r = new double[Math.max(0, n - 1)];
        for (int i = 1; i < n; i++) {
            r[i - 1] = Math.log(close[i] / close[i - 1]);
        }
        return r;
    }
}
