package io.perpguard.orders;

/**
 * Something that happened during a replay, in order.
 *
 * @param timeMs open time of the candle it happened in (epoch ms UTC)
 * @param bar    candle index
 * @param type   {@code entry}, {@code take-profit}, {@code breakeven}, {@code trailing}, {@code stop},
 *               {@code stop-limit-unfilled}, {@code time-stop}, {@code liquidation}, {@code funding},
 *               {@code entries-cancelled}, {@code end-of-data}
 * @param price  price involved (fill, new stop level, funding mark); NaN when none
 * @param qty    quantity involved; 0 when none
 * @param note   a sentence for the reader
 */
public record ReplayEvent(long timeMs, int bar, String type, double price, double qty, String note) {
}
