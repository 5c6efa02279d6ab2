package io.perpguard.orders;

import java.util.List;

/**
 * What a plan did over the candles.
 *
 * @param trades         closing fills with R multiples
 * @param events         everything that happened, in order
 * @param equityTimeMs   candle open times of the equity curve (one point per candle from the plan's start)
 * @param equity         equity at each candle's close: wallet + unrealized PnL at the close
 * @param plannedQty     size the plan asked for
 * @param filledQty      size actually entered
 * @param averageEntry   average entry price of the filled size (NaN if nothing filled)
 * @param riskAmount     R: the loss if the initial stop had filled on the whole filled size, fees included
 * @param totalR         net result / R
 * @param finalEquity    equity after the last candle replayed
 * @param maxDrawdownPct largest fall of the equity curve from a previous peak, percent
 * @param feesPaid       trading fees (and clearance fee) paid
 * @param fundingPaid    funding paid (negative = received)
 * @param liquidated     whether the position was liquidated
 * @param warnings       what the replay could not do faithfully (missing funding, unfilled stop-limit, ...), as codes
 */
public record ReplayResult(List<TradeRecord> trades, List<ReplayEvent> events, long[] equityTimeMs, double[] equity,
                           double plannedQty, double filledQty, double averageEntry, double riskAmount, double totalR,
                           double finalEquity, double maxDrawdownPct, double feesPaid, double fundingPaid, boolean liquidated,
                           List<ReplayEvent.Warning> warnings) {
    public ReplayResult {
        trades = List.copyOf(trades);
        events = List.copyOf(events);
        warnings = List.copyOf(warnings);
    }

    /** The first event of {@code type}, or null. */
    public ReplayEvent firstEvent(String type) {
        for (ReplayEvent e : events) {
            if (e.type().equals(type)) {
                return e;
            }
        }
        return null;
    }
}
