package io.perpguard.live.venue;

import io.perpguard.margin.MarginMode;
import io.perpguard.margin.Position;
import io.perpguard.margin.PositionSide;
import io.perpguard.margin.Side;
import io.perpguard.venue.ContractType;

/**
 * One position as the venue reports it, in core {@link Position}'s field names. Not a core position because the
 * venue's message is not one: it has no mark (marks arrive on their own feed), its size may be 0 (closed), its leverage
 * may be missing (NaN) and an isolated position carries its wallet, not the margin added. {@link #toPosition} is the one
 * mapping to the engine's position.
 *
 * @param symbol         contract, upper case
 * @param side           long or short (long for a closed one-way position)
 * @param qty            size in base units (linear) or USD face, contracts × face value (inverse), &ge; 0; 0 = closed
 * @param entryPrice     average entry price
 * @param leverage       the position's leverage setting (NaN when the venue's message does not carry it)
 * @param marginMode     isolated or cross
 * @param positionSide   BOTH (one-way) or the hedge leg
 * @param isolatedWallet margin held by an isolated position (0 for cross)
 * @param opened         the venue's mark of this holding's opening, where its messages carry one (OKX's {@code cTime}, the
 *                       position's creation time; Bybit's {@code openTime}, "position open timestamp", where it is not 0): it
 *                       changes when the position is closed and opened again under the same key; "" where the venue reports
 *                       none (Binance and XT; Bybit's {@code createdTime} is the symbol's first position's, kept across holdings)
 */
public record LivePosition(String symbol, Side side, double qty, double entryPrice, double leverage, MarginMode marginMode,
                           PositionSide positionSide, double isolatedWallet, String opened) {
    public LivePosition {
        opened = opened == null ? "" : opened;
    }

    /** A position whose venue reports no opening mark. */
    public LivePosition(String symbol, Side side, double qty, double entryPrice, double leverage, MarginMode marginMode,
                        PositionSide positionSide, double isolatedWallet) {
        this(symbol, side, qty, entryPrice, leverage, marginMode, positionSide, isolatedWallet, "");
    }

    /** From a venue's signed size (negative: short; a hedge leg's side is its leg's). */
    public static LivePosition signed(String symbol, PositionSide positionSide, double signedQty, double entryPrice, double leverage,
                                      MarginMode marginMode, double isolatedWallet) {
        return signed(symbol, positionSide, signedQty, entryPrice, leverage, marginMode, isolatedWallet, "");
    }

    /** From a venue's signed size, with the venue's opening mark of the holding ({@link #opened}). */
    public static LivePosition signed(String symbol, PositionSide positionSide, double signedQty, double entryPrice, double leverage,
                                      MarginMode marginMode, double isolatedWallet, String opened) {
        Side side = positionSide == PositionSide.LONG ? Side.LONG : positionSide == PositionSide.SHORT ? Side.SHORT
                : signedQty < 0 ? Side.SHORT : Side.LONG;
        return new LivePosition(symbol, side, Math.abs(signedQty), entryPrice, leverage, marginMode, positionSide, isolatedWallet, opened);
    }

    /**
     * Whether this report of the position's key is the holding {@code earlier} was, not one closed and opened again since
     * (seen only in a snapshot after a disconnect): by the venue's opening marks where both carry one; else by what every
     * venue's report shows — the same side and, unless the size grew, the same entry price (reducing a position keeps its
     * entry price; only adding to it moves it). A larger size is taken as an add here; {@link #addedWithin} tells it better
     * where the prices traded meanwhile are known.
     */
    public boolean sameHolding(LivePosition earlier) {
        if (side != earlier.side) {
            return false;   // a one-way position reversed: another holding, whatever its opening mark says
        }
        if (!opened.isEmpty() && !earlier.opened.isEmpty()) {
            return opened.equals(earlier.opened);
        }
        return qty > earlier.qty || Math.abs(entryPrice - earlier.entryPrice) <= 1e-6 * Math.max(1, Math.abs(earlier.entryPrice));
    }

    /**
     * Whether {@link #sameHolding} has only the size and entry to go by and this report is larger on the same side: an add to
     * {@code earlier}, or the position closed and a larger one opened on the same side — both look alike.
     */
    public boolean grewFrom(LivePosition earlier) {
        return (opened.isEmpty() || earlier.opened.isEmpty()) && side == earlier.side && qty > earlier.qty * (1 + 1e-9);
    }

    /**
     * The average price of what was added if this report is {@code earlier} added to: the entry is the size-weighted average
     * of the old entry and the fills, so {@code (qty × entry − qty₀ × entry₀) / (qty − qty₀)}.
     */
    public double impliedAddPrice(LivePosition earlier) {
        return (qty * entryPrice - earlier.qty * earlier.entryPrice) / (qty - earlier.qty);
    }

    /**
     * Whether this larger report ({@link #grewFrom}) can be {@code earlier} added to at fills inside {@code [low, high]}, the
     * prices traded while the key was not watched: its implied add price ({@link #impliedAddPrice}) lies within them, give or
     * take 0.2 % (the venue's rounding of the entry, stretched by {@code qty / (qty − qty₀)}). Outside them no add explains the
     * entry: the position was closed and opened again. A reduction between adds moves the implied price outward too, so such
     * a path is also told as a new holding (its alerts start afresh: a repeat at worst, never a silence).
     */
    public boolean addedWithin(LivePosition earlier, double low, double high) {
        double f = impliedAddPrice(earlier);
        double slack = 0.002 + 1e-6 * qty / (qty - earlier.qty);
        return Double.isFinite(f) && f >= low * (1 - slack) && f <= high * (1 + slack);
    }

    /** {@code SYMBOL/side}: the position's identity within an account. */
    public String key() {
        return symbol + "/" + positionSide.label();
    }

    public boolean open() {
        return qty != 0;
    }

    /** Signed size: +qty long, −qty short. */
    public double signedQty() {
        return side.sign() * qty;
    }

    /** The same position with {@code leverage} (e.g. the last known one when an update does not carry it). */
    public LivePosition withLeverage(double leverage) {
        return new LivePosition(symbol, side, qty, entryPrice, leverage, marginMode, positionSide, isolatedWallet, opened);
    }

    /** The same position with the opening mark {@code opened} (the last known one when an update does not carry it). */
    public LivePosition withOpened(String opened) {
        return new LivePosition(symbol, side, qty, entryPrice, leverage, marginMode, positionSide, isolatedWallet, opened);
    }

    /** The leverage the engine prices with (1 when the venue does not say). */
    public double engineLeverage() {
        return Double.isFinite(leverage) && leverage >= 1 ? leverage : 1;
    }

    /** An isolated linear position's wallet beyond its initial margin (0 for cross). */
    public double marginAdded() {
        return marginAdded(ContractType.LINEAR);
    }

    /** An isolated position's wallet beyond its initial margin (notional at entry / leverage, in its settlement currency); 0 for cross. */
    public double marginAdded(ContractType type) {
        return marginMode == MarginMode.ISOLATED ? isolatedWallet - type.notional(qty, entryPrice) / engineLeverage() : 0;
    }

    /** The engine's linear position at {@code markPrice}: isolated margin = the venue's isolated wallet. */
    public Position toPosition(double markPrice) {
        return toPosition(markPrice, ContractType.LINEAR);
    }

    /** The engine's position of {@code type} (inverse: {@code qty} is USD face, margins in coin) at {@code markPrice}. */
    public Position toPosition(double markPrice, ContractType type) {
        return new Position(symbol, side, qty, entryPrice, engineLeverage(), marginMode, positionSide, marginAdded(type), markPrice, type);
    }
}
