package io.perpguard.market;

import io.perpguard.InvalidInputException;

import java.util.Arrays;

/**
 * Funding-rate history, oldest first.
 *
 * @param symbol    e.g. {@code BTCUSDT} (may be empty)
 * @param timeMs    funding time, epoch ms UTC (Binance {@code fundingTime}, with its few-ms jitter)
 * @param rate      funding rate per interval as a fraction (0.0001 = 0.01 %); longs pay when positive
 * @param markPrice mark price at funding, {@code NaN} where the source does not give it
 */
public record FundingHistory(String symbol, long[] timeMs, double[] rate, double[] markPrice) {
    public FundingHistory {
        if (rate.length != timeMs.length || markPrice.length != timeMs.length) {
            throw new InvalidInputException("funding", "columns have different lengths");
        }
        for (int i = 1; i < timeMs.length; i++) {
            if (timeMs[i] <= timeMs[i - 1]) {
                throw new InvalidInputException("funding", "funding times must increase at row " + i);
            }
        }
    }

    public int size() {
        return timeMs.length;
    }

    /** The typical hours between funding payments (median spacing, rounded to whole hours); 8 when unknown. */
    public int intervalHours() {
        if (size() < 2) {
            return 8;
        }
        long[] d = new long[size() - 1];
        for (int i = 1; i < size(); i++) {
            d[i - 1] = timeMs[i] - timeMs[i - 1];
        }
        Arrays.sort(d);
        return (int) Math.max(1, Math.round(d[d.length / 2] / 3_600_000.0));
    }
}
