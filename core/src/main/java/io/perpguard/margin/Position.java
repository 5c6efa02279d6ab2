package io.perpguard.margin;

import io.perpguard.Checks;
import io.perpguard.InvalidInputException;
import io.perpguard.venue.ContractType;

/**
 * An open position in a perpetual, linear (amounts in quote) or inverse (amounts in coin).
 *
 * @param symbol       contract, e.g. {@code BTCUSDT}
 * @param side         long or short
 * @param qty          size, always &gt; 0: base units (BTC) for linear, USD face (contracts × contract size) for
 *                     inverse; the direction is {@code side}
 * @param entryPrice   average entry price, quote currency
 * @param leverage     chosen leverage (&ge; 1); initial margin = notional at entry / leverage
 * @param marginMode   isolated or cross
 * @param positionSide {@code BOTH} (one-way) or the hedge-mode leg
 * @param marginAdded  margin added to (positive) or removed from (negative) an isolated position, quote currency
 * @param markPrice    current mark price, quote currency
 * @param type         linear or inverse: how notional and PnL are computed
 */
public record Position(String symbol, Side side, double qty, double entryPrice, double leverage,
                       MarginMode marginMode, PositionSide positionSide, double marginAdded, double markPrice,
                       ContractType type) {
    /** A linear position. */
    public Position(String symbol, Side side, double qty, double entryPrice, double leverage,
                    MarginMode marginMode, PositionSide positionSide, double marginAdded, double markPrice) {
        this(symbol, side, qty, entryPrice, leverage, marginMode, positionSide, marginAdded, markPrice, ContractType.LINEAR);
    }

    public Position {
        Checks.notBlank("symbol", symbol);
        Checks.notNull("side", side);
        Checks.positive("qty", qty);
        Checks.positive("entryPrice", entryPrice);
        Checks.inRange("leverage", leverage, 1, 1000);
        Checks.notNull("marginMode", marginMode);
        Checks.notNull("positionSide", positionSide);
        Checks.finite("marginAdded", marginAdded);
        Checks.positive("markPrice", markPrice);
        Checks.notNull("type", type);
        if (positionSide == PositionSide.LONG && side != Side.LONG || positionSide == PositionSide.SHORT && side != Side.SHORT) {
            throw new InvalidInputException("positionSide", "hedge-mode leg " + positionSide.label() + " cannot hold a " + side.label() + " position");
        }
        if (!Double.isFinite(qty * entryPrice)) {
            throw new InvalidInputException("qty", "notional qty × entryPrice is not a finite number");
        }
        if (marginMode == MarginMode.ISOLATED && type.notional(qty, entryPrice) / leverage + marginAdded <= 0) {
            double im = type.notional(qty, entryPrice) / leverage;
            throw new InvalidInputException("marginAdded", Checks.fmt(marginAdded) + " removes more than the position's initial margin "
                    + Checks.fmt(io.perpguard.Money.round(im)) + ": the allowed range is more than " + Checks.fmt(io.perpguard.Money.round(-im)));
        }
    }

    /** A one-way, isolated position marked at its entry price. */
    public static Position isolated(String symbol, Side side, double qty, double entryPrice, double leverage) {
        return isolated(symbol, side, qty, entryPrice, leverage, ContractType.LINEAR);
    }

    /** A one-way, isolated position of {@code type} marked at its entry price (inverse: {@code qty} is USD face). */
    public static Position isolated(String symbol, Side side, double qty, double entryPrice, double leverage, ContractType type) {
        return new Position(symbol, side, qty, entryPrice, leverage, MarginMode.ISOLATED, PositionSide.BOTH, 0, entryPrice, type);
    }

    /** +1 long, −1 short. */
    public int sign() {
        return side.sign();
    }

    /** Notional at entry in the settlement currency: qty × entry (linear), face / entry (inverse). */
    public double entryNotional() {
        return type.notional(qty, entryPrice);
    }

    /** Notional at mark in the settlement currency. */
    public double notional() {
        return type.notional(qty, markPrice);
    }

    /** Initial margin = notional at entry / leverage (DESIGN.md vocabulary). */
    public double initialMargin() {
        return entryNotional() / leverage;
    }

    /** Isolated margin = initial margin + margin added; for a cross position, its initial margin (informational). */
    public double isolatedMargin() {
        return initialMargin() + (marginMode == MarginMode.ISOLATED ? marginAdded : 0);
    }

    /** Unrealized PnL at the mark: sign × qty × (mark − entry), or sign × face × (1/entry − 1/mark) for inverse. */
    public double unrealizedPnl() {
        return unrealizedPnlAt(markPrice);
    }

    /** Unrealized PnL if the mark were {@code price}. */
    public double unrealizedPnlAt(double price) {
        return type.pnl(sign(), qty, entryPrice, price);
    }

    /** The same position re-marked at {@code price}. */
    public Position withMark(double price) {
        return new Position(symbol, side, qty, entryPrice, leverage, marginMode, positionSide, marginAdded, price, type);
    }

    /** The same position at another leverage. */
    public Position withLeverage(double newLeverage) {
        return new Position(symbol, side, qty, entryPrice, newLeverage, marginMode, positionSide, marginAdded, markPrice, type);
    }

    /**
     * Adds a fill on the same side (a DCA entry): the entry becomes the quantity-weighted average of all fills,
     * <pre>entry' = (qty × entry + fillQty × fillPrice) / (qty + fillQty)</pre>
     * and margin and liquidation are recomputed from it — never from the last fill's price alone.
     * An isolated position's margin grows by the fill's own initial margin (fillQty × fillPrice / leverage),
     * which equals the initial margin of the averaged position; margin added earlier is kept.
     */
    public Position addFill(double fillQty, double fillPrice) {
        Checks.positive("fillQty", fillQty);
        Checks.positive("fillPrice", fillPrice);
        double newQty = io.perpguard.instrument.Contract.addSizes(qty, fillQty);   // sizes add as the venue's decimals
        // inverse: the average of prices weighted by coin value, i.e. the harmonic mean weighted by face
        double avg = type.averageEntry(qty, entryPrice, fillQty, fillPrice);
        return new Position(symbol, side, newQty, avg, leverage, marginMode, positionSide, marginAdded, markPrice, type);
    }
}
