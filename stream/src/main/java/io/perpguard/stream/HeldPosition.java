package io.perpguard.stream;

import io.perpguard.margin.MarginMode;
import io.perpguard.margin.Position;
import io.perpguard.margin.PositionSide;
import io.perpguard.margin.Side;
import io.perpguard.venue.ContractType;

/**
 * An open position as the account store keeps it: everything of a core {@link Position} except the mark, which
 * the account keeps per symbol (one mark per symbol for all its legs).
 *
 * @param qty         base units (USD face for an inverse contract), &gt; 0
 * @param entryPrice  average entry price, quote currency
 * @param marginAdded margin added to an isolated position, settlement currency (signed)
 */
public record HeldPosition(String symbol, Side side, double qty, double entryPrice, double leverage,
                           MarginMode marginMode, PositionSide positionSide, double marginAdded) {

    /** The core position of a linear contract at {@code markPrice} (validated by {@link Position}'s constructor). */
    public Position at(double markPrice) {
        return at(markPrice, ContractType.LINEAR);
    }

    /** The core position at {@code markPrice} on a contract of {@code type} (linear or inverse). */
    public Position at(double markPrice, ContractType type) {
        return new Position(symbol, side, qty, entryPrice, leverage, marginMode, positionSide, marginAdded, markPrice, type);
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
