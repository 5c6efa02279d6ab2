package io.perpguard.market;

import io.perpguard.InvalidInputException;

/**
 * Open-interest history (Binance {@code /futures/data/openInterestHist}), oldest first.
 *
 * @param symbol            e.g. {@code BTCUSDT} (may be empty)
 * @param timeMs            sample time, epoch ms UTC
 * @param openInterest      open interest in base units (contracts)
 * @param openInterestValue open interest in quote currency (USDT)
 */
public record OpenInterestHistory(String symbol, long[] timeMs, double[] openInterest, double[] openInterestValue) {
    public OpenInterestHistory {
        if (openInterest.length != timeMs.length || openInterestValue.length != timeMs.length) {
            throw new InvalidInputException("oi", "columns have different lengths");
        }
        for (int i = 1; i < timeMs.length; i++) {
            if (timeMs[i] <= timeMs[i - 1]) {
                throw new InvalidInputException("oi", "sample times must increase at row " + i);
            }
        }
    }

    public int size() {
        return timeMs.length;
    }
}
