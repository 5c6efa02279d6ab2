package io.perpguard.orders;

import io.perpguard.margin.Side;

/**
 * One closing fill of the position (a partial take-profit, the stop, ...), with its share of costs.
 *
 * @param entryTimeMs first entry fill's candle open time
 * @param exitTimeMs  candle open time of this exit
 * @param side        position side
 * @param qty         quantity closed, base units
 * @param entryPrice  average entry price of the position
 * @param exitPrice   fill price of this exit (the liquidation price when liquidated)
 * @param exitReason  {@code target-N}, {@code stop}, {@code breakeven-stop}, {@code trailing-stop}, {@code stop-limit},
 *                    {@code time-stop}, {@code liquidation}, {@code end-of-data}
 * @param pnl         price PnL of this piece: side × qty × (exit − entry)
 * @param fees        exit fee plus this piece's share of entry fees (and the clearance fee when liquidated)
 * @param funding     this piece's share of funding paid (negative = received)
 * @param rMultiple   (pnl − fees − funding) / R of the whole position; the pieces' R multiples add up to the trade's
 */
public record TradeRecord(long entryTimeMs, long exitTimeMs, Side side, double qty, double entryPrice, double exitPrice,
                          String exitReason, double pnl, double fees, double funding, double rMultiple) {
    /** Net result of the piece: pnl − fees − funding. */
    public double netPnl() {
        return pnl - fees - funding;
    }

    TradeRecord withR(double r) {
        return new TradeRecord(entryTimeMs, exitTimeMs, side, qty, entryPrice, exitPrice, exitReason, pnl, fees, funding, netPnl() / r);
    }
}
