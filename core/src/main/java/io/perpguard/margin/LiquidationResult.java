package io.perpguard.margin;

import io.perpguard.instrument.LeverageBracket;

import java.util.List;

/**
 * A solved liquidation price.
 *
 * @param price    the exact liquidation price before any tick rounding; {@code NaN} when no price can liquidate
 *                 the position (e.g. a long whose margin covers the whole notional: see {@link #NEVER})
 * @param brackets the tier of each leg of the symbol at the liquidation price, in the order both, long, short
 *                 (legs with no quantity are left out); empty when {@link #NEVER}
 * @param byFall   whether the mark reaches the price falling (the safe side above it: a long, a net-long symbol's legs);
 *                 false when a rise reaches it — a short, and a linear long whose gain carries its notional across a
 *                 cap into a tier whose rate on the whole value exceeds its margin ({@code venue.Rules}): a long can then
 *                 be liquidated above its mark (an inverse short below it)
 */
public record LiquidationResult(double price, List<LeverageBracket> brackets, boolean byFall) {
    /** No price liquidates the position. */
    public static final LiquidationResult NEVER = new LiquidationResult(Double.NaN, List.of(), true);

    public LiquidationResult {
        brackets = List.copyOf(brackets);
    }

    public boolean exists() {
        return Double.isFinite(price);
    }

    /** The tier of the first leg at the liquidation price. */
    public LeverageBracket bracket() {
        if (brackets.isEmpty()) {
            throw new IllegalStateException("no liquidation price, no bracket");
        }
        return brackets.get(0);
    }
}
