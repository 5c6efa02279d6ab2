package io.perpguard.orders;

import io.perpguard.instrument.Contract;

/**
 * Which fee a fill pays, by how the order meets the book: the one rule of {@code replay} and {@code check}. An order that
 * takes liquidity pays the taker fee: a market entry or exit, a triggered stop-market, a stop-limit whose limit is
 * marketable when it triggers, a limit marketable where it is placed. A limit that rests and is filled at its own price
 * pays the maker fee: a limit entry rung the market comes to, a take-profit target, a stop-limit left resting.
 */
public enum Liquidity {
    /** Takes liquidity: the taker fee. */
    TAKER,
    /** Rests in the book and is filled at its price: the maker fee. */
    MAKER;

    /** A take-profit target: a limit order resting at its price (maker). */
    public static final Liquidity TAKE_PROFIT = MAKER;

    /** A limit order: taker when marketable where it is placed (or triggered), else resting (maker). */
    public static Liquidity limit(boolean marketable) {
        return marketable ? TAKER : MAKER;
    }

    /** The contract's fee rate for a fill of this kind, a fraction of the notional. */
    public double feeRate(Contract c) {
        return this == TAKER ? c.takerFee() : c.makerFee();
    }
}
