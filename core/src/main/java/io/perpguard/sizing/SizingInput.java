package io.perpguard.sizing;

import io.perpguard.Checks;
import io.perpguard.InvalidInputException;
import io.perpguard.margin.Side;

/**
 * What a trader knows before sizing a trade: how much may be lost if the stop is hit, where the entry and the
 * stop are, and the leverage the position will be opened at (isolated margin).
 *
 * @param equity           account equity, quote currency (USDT), &gt; 0
 * @param riskAmount       the risk budget: the most the trade may lose at the stop, fees and slippage included,
 *                         quote currency; &gt; 0 and at most {@code equity}
 * @param entry            entry price, quote currency
 * @param stop             stop trigger price; below entry for a long, above for a short (the side follows from it)
 * @param leverage         isolated leverage the position is opened at, 1 to 1000 (the tier check applies the
 *                         contract's real maximum)
 * @param takerFee         taker fee as a fraction of notional, paid on entry and on the stop exit; {@code NaN} for the
 *                         contract's own fee
 * @param slippage         adverse slippage of the stop-market exit as a fraction of the stop price (0.001 = 0.1 %),
 *                         0 to 0.5
 * @param buffer           K: the liquidation price must lie at least K × |entry − stop| beyond the stop, &ge; 0
 * @param availableBalance balance available for the initial margin and opening fee, quote currency; {@code NaN} for
 *                         the whole equity
 */
public record SizingInput(double equity, double riskAmount, double entry, double stop, double leverage,
                          double takerFee, double slippage, double buffer, double availableBalance) {
    /** Default slippage of a stop-market exit: 0.1 % of the stop price (a fast market on a major contract). */
    public static final double DEFAULT_SLIPPAGE = 0.001;
    /** Default K: liquidation at least half the entry→stop distance beyond the stop (issue "Position sizing"). */
    public static final double DEFAULT_BUFFER = 0.5;

    public SizingInput {
        Checks.positive("equity", equity);
        Checks.positive("riskAmount", riskAmount);
        if (riskAmount > equity) {
            throw new InvalidInputException("riskAmount", Checks.fmt(riskAmount) + " is more than the equity "
                    + Checks.fmt(equity) + "; the risk budget is what may be lost at the stop");
        }
        Checks.positive("entry", entry);
        Checks.positive("stop", stop);
        if (stop == entry) {
            throw new InvalidInputException("stop", Checks.fmt(stop) + " equals the entry; a stop must be below the entry "
                    + "(long) or above it (short)");
        }
        Checks.inRange("leverage", leverage, 1, 1000);
        if (!Double.isNaN(takerFee)) {
            Checks.inRange("takerFee", takerFee, 0, 0.05);
        }
        Checks.inRange("slippage", slippage, 0, 0.5);
        Checks.inRange("buffer", buffer, 0, 100);
        if (!Double.isNaN(availableBalance)) {
            Checks.notNegative("availableBalance", availableBalance);
        }
    }

    /**
     * An input with the risk budget given as a percentage of equity (2 = 2 %), the contract's taker fee, default
     * slippage and buffer, and the whole equity available for margin.
     */
    public static SizingInput riskPct(double equity, double riskPct, double entry, double stop, double leverage) {
        Checks.positive("equity", equity);
        Checks.overZero("riskPct", riskPct, 100, "a percent of equity: 1 = 1 %");
        return new SizingInput(equity, equity * riskPct / 100, entry, stop, leverage, Double.NaN, DEFAULT_SLIPPAGE,
                DEFAULT_BUFFER, Double.NaN);
    }

    /** The same input with another slippage fraction. */
    public SizingInput withSlippage(double newSlippage) {
        return new SizingInput(equity, riskAmount, entry, stop, leverage, takerFee, newSlippage, buffer, availableBalance);
    }

    /** The same input with another buffer K. */
    public SizingInput withBuffer(double newBuffer) {
        return new SizingInput(equity, riskAmount, entry, stop, leverage, takerFee, slippage, newBuffer, availableBalance);
    }

    /** The same input at another leverage. */
    public SizingInput withLeverage(double newLeverage) {
        return new SizingInput(equity, riskAmount, entry, stop, newLeverage, takerFee, slippage, buffer, availableBalance);
    }

    /** The same input with another taker fee fraction ({@code NaN}: the contract's). */
    public SizingInput withTakerFee(double newTakerFee) {
        return new SizingInput(equity, riskAmount, entry, stop, leverage, newTakerFee, slippage, buffer, availableBalance);
    }

    /** The same input with another available balance ({@code NaN}: the whole equity). */
    public SizingInput withAvailableBalance(double balance) {
        return new SizingInput(equity, riskAmount, entry, stop, leverage, takerFee, slippage, buffer, balance);
    }

    /** Long when the stop is below the entry, short when above. */
    public Side side() {
        return stop < entry ? Side.LONG : Side.SHORT;
    }

    /** The risk budget as a fraction of equity. */
    public double riskFraction() {
        return riskAmount / equity;
    }

    /** |entry − stop|, quote currency per unit. */
    public double stopDistance() {
        return Math.abs(entry - stop);
    }

    /** Available balance, the equity when none was given. */
    public double available() {
        return Double.isNaN(availableBalance) ? equity : availableBalance;
    }
}
