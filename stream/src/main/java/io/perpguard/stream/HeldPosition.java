package io.perpguard.stream;

import io.perpguard.margin.MarginMode;
import io.perpguard.margin.Position;
import io.perpguard.margin.PositionSide;
import io.perpguard.margin.Side;

/**
 * An open position as the account store keeps it: everything of a core {@link Position} except the mark, which
 * the account keeps per symbol (one mark per symbol for all its legs).
 *
 * @param qty         base units, &gt; 0
 * @param entryPrice  average entry price, USDT
 * @param marginAdded margin added to an isolated position, USDT (signed)
 */
public record HeldPosition(String symbol, Side side, double qty, double entryPrice, double leverage,
                           MarginMode marginMode, PositionSide positionSide, double marginAdded) {

    /** The core position at {@code markPrice} (validated by {@link Position}'s constructor). */
    public Position at(double markPrice) {
        return new Position(symbol, side, qty, entryPrice, leverage, marginMode, positionSide, marginAdded, markPrice);
    }

    /** The same position as a core one, back in store form. */
    public static HeldPosition of(Position p) {
        return new HeldPosition(p.symbol(), p.side(), p.qty(), p.entryPrice(), p.leverage(), p.marginMode(),
                p.positionSide(), p.marginAdded());
    }

    boolean isLeg(String sym, PositionSide leg) {
        return symbol.equals(sym) && positionSide == leg;
    }
}
