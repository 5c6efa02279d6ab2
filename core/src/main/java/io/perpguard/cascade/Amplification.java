package io.perpguard.cascade;

/**
 * What made a market's fall larger than its exogenous driver, as a code and its figures; {@code app}'s explain package
 * writes the sentence.
 *
 * @param code       the mechanism
 * @param extraPp    fall − exogenous driver alone, percentage points
 * @param indexPp    how far forced flow moved the index (own feedback and common factor), percent, ≥ 0 down
 * @param commonPp   the part of {@code indexPp} that came through the common factor, percent
 * @param panicPp    how far panic selling by holders off the ladder moved the market's own index, percent, ≥ 0 down
 * @param panicUsd   that panic selling, USD
 * @param bookPp     the rest of {@code extraPp}: book walk through withdrawn depth, percentage points
 * @param forcedUsd  forced selling (liquidations, long + short), USD
 * @param driverPct  fall of the exogenous driver alone, percent
 * @param minDepth   lowest depth multiplier m of the run (market makers' withdrawal, 1 = calm book)
 * @param stopUsd    positions closed by their stop-loss orders before liquidation, USD (their selling is in {@code indexPp})
 */
public record Amplification(Code code, double extraPp, double indexPp, double commonPp, double panicPp, double panicUsd,
                            double bookPp, double forcedUsd, double driverPct, double minDepth, double stopUsd) {
    /** Falls within this of the driver count as no amplification, percentage points. */
    static final double NONE_BELOW_PP = 0.05;

    /** The mechanism. */
    public enum Code {
        /** The fall equals the driver: refill and the pull to the index absorbed the forced flow. */
        NONE,
        /** Forced selling moved the market's own index, which liquidated further positions. */
        INDEX_SPIRAL,
        /** As {@link #INDEX_SPIRAL}, mostly through the common factor (every coupled market's forced flow × β). */
        COMMON_FACTOR_SPIRAL,
        /** Panic selling off the ladder, set off by the speed of the fall, moved the index further than forced flow did. */
        PANIC_SELLING
    }

    /** The mechanism of one market's outcome. */
    public static Amplification of(MarketOutcome o) {
        double extra = o.drawdownPct() - o.exogenousDrawdownPct();
        double index = -o.indexFeedbackPct(), common = -o.commonFactorPct(), panic = -o.panicIndexPct();
        Code c = extra <= NONE_BELOW_PP ? Code.NONE : panic > index ? Code.PANIC_SELLING
                : common > NONE_BELOW_PP && common > index / 2 ? Code.COMMON_FACTOR_SPIRAL : Code.INDEX_SPIRAL;
        return new Amplification(c, extra, index, common, panic, o.panicSellUsd(), Math.max(0, extra - index - panic), o.liquidatedUsd(),
                o.exogenousDrawdownPct(), o.minDepthRatio(), o.stopLossUsd());
    }
}
