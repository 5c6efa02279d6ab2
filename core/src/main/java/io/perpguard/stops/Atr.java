package io.perpguard.stops;

import io.perpguard.InvalidInputException;
import io.perpguard.market.CandleSeries;

/**
 * Average true range: Wilder smoothing of the true range, {@code ATR = Wilder(TR, period)}.
 * The first ATR (at bar {@code period − 1}) is the simple average of the first {@code period} true ranges, with
 * {@code TR[0] = high[0] − low[0]}; then {@code ATR = (ATR × (period − 1) + TR) / period}.
 * Wilder, <em>New Concepts in Technical Trading Systems</em> (1978).
 */
public final class Atr {
    /** Wilder's own period. */
    public static final int DEFAULT_PERIOD = 14;

    private Atr() {
    }

    /** Bars with no ATR yet (NaN): {@code period − 1}. */
    public static int unstableBars(int period) {
        return Wilder.unstableBars(period);
    }

    /** Calculates the ATR of every bar; NaN during the {@link #unstableBars(int)} warm-up bars. */
    public static double[] of(double[] high, double[] low, double[] close, int period) {
        return Wilder.smooth(TrueRange.of(high, low, close), period);
    }

    /** The ATR of the last bar, as {@link #of} gives it, without building the series; NaN with fewer than {@code period} bars. */
    public static double last(double[] high, double[] low, double[] close, int period) {
        TrueRange.requireSameLength(high, low, close);
        return Wilder.last(i -> TrueRange.at(high, low, close, i), high.length, period);
    }

    /** Calculates the ATR of every candle. */
    public static double[] of(CandleSeries candles, int period) {
        return of(candles.high(), candles.low(), candles.close(), period);
    }

    /** The ATR at candle {@code index}, using only candles up to it; refuses an index inside the warm-up. */
    public static double at(CandleSeries candles, int period, int index) {
        if (index < 0 || index >= candles.size()) {
            throw new InvalidInputException("at", "candle " + index + " is outside the file (0 to " + (candles.size() - 1) + ")");
        }
        if (index < unstableBars(period)) {
            throw new InvalidInputException("atr", "ATR(" + period + ") needs " + period + " candles; only " + (index + 1)
                    + " up to the chosen time");
        }
        CandleSeries upTo = candles.slice(0, index + 1);
        double[] atr = of(upTo, period);
        return atr[index];
    }
}
