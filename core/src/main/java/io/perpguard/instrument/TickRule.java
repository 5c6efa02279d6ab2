package io.perpguard.instrument;

/**
 * The one tick rule for each use of a price that leaves the engine (docs/DESIGN.md, "Rounding to the tick and step").
 * Every rule rounds against the trader's favour, so a shown figure is never better than the exact one (a breakeven
 * stop is tightened to the tick rather than loosened into a loss).
 */
public enum TickRule {
    /**
     * Liquidation and bankruptcy levels: toward the entry (up for a long, down for a short), so the level shown is
     * reached no later than the exact one (XT publishes the same rounding for its isolated liquidation price).
     */
    LEVEL,
    /**
     * Prices the position exits at — a suggested stop, a close at the market: down for a long, up for a short, so a
     * stop is never tighter than computed and a fill never better than the mark.
     */
    EXIT,
    /**
     * Prices the position is entered at after slippage — a market entry's fill: up for a long (a buy), down for a short,
     * so a fill is never better than computed.
     */
    ENTRY,
    /**
     * A stop moved to breakeven: the average entry rounded to the tick on the profit side — up for a long, down for a
     * short — so the stop sits at or beyond the entry and a fill at it never turns the breakeven into a loss on price.
     */
    BREAKEVEN;

    /** True when this rule rounds a price of a long ({@code isLong}) or short position up to the tick. */
    public boolean roundsUp(boolean isLong) {
        return this == EXIT ? !isLong : isLong;
    }

    /** {@code price} rounded to {@code c}'s tick by this rule; NaN and ±∞ pass through. */
    public double apply(Contract c, double price, boolean isLong) {
        if (!Double.isFinite(price)) {
            return price;
        }
        return roundsUp(isLong) ? c.ceilToTick(price) : c.floorToTick(price);
    }

    /**
     * A {@link #LEVEL} already rounded that never crosses the entry: when the tick would carry a long's level from
     * below its entry to above it (or a short's from above to below), the level is the entry itself. A level already
     * past the entry (a cross position the rest of the account drags) keeps its usual rounding.
     *
     * @param rounded the level after {@link #apply}
     * @param exact   the level before rounding
     */
    public static double notPastEntry(double rounded, double exact, double entry, boolean isLong) {
        if (!Double.isFinite(rounded)) {
            return rounded;
        }
        if (isLong) {
            return exact <= entry ? Math.min(rounded, entry) : rounded;
        }
        return exact >= entry ? Math.max(rounded, entry) : rounded;
    }
}
