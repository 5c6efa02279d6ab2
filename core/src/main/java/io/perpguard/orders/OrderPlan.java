package io.perpguard.orders;

import io.perpguard.Checks;
import io.perpguard.InvalidInputException;
import io.perpguard.margin.Side;

import java.util.List;

/**
 * A complete trade plan: entry (single or ladder), protective stop, take-profits with partial closes, optional
 * breakeven move, trailing and time stop, and how to size it.
 *
 * @param symbol                   contract, e.g. {@code BTCUSDT}
 * @param side                     long or short
 * @param entryTimeMs              the plan goes live at the first candle opening at or after this time (epoch ms UTC)
 * @param entries                  entry orders
 * @param stop                     initial protective stop
 * @param targets                  take-profits in the order given (default: 25 % at 1R)
 * @param moveStopToBreakevenAfter move the stop to the average entry once this take-profit (1-based) fills; 0 = never
 * @param trailing                 trailing stop; null for none
 * @param timeStopBars             exit at market at the close of this bar after the first fill if +1R was not reached; 0 = no time stop
 * @param cancelEntriesAfterBars   cancel unfilled entry rungs this many bars after the plan goes live; 0 = keep them
 * @param leverage                 isolated leverage
 * @param equity                   account equity at the start, settlement currency (quote; the coin of an inverse contract)
 * @param riskPct                  percent of equity lost if the initial stop fills (sizes the position when qty is NaN)
 * @param qty                      explicit size in base units (USD of face for an inverse contract); NaN to size from
 *                                 {@code contracts} or riskPct
 * @param slippageBps              adverse slippage on market and stop-market fills, basis points of price
 * @param contracts                explicit size in contracts of the venue's contract size, in its lots (where the venue counts
 *                                 in contracts; tenths of one on OKX's USDT swaps), turned into {@code qty} by {@link #inContracts}; NaN when not given
 */
public record OrderPlan(String symbol, Side side, long entryTimeMs, ScaleLadder entries, StopOrder stop,
                        List<TakeProfit> targets, int moveStopToBreakevenAfter, Trailing trailing, int timeStopBars,
                        int cancelEntriesAfterBars, double leverage, double equity, double riskPct, double qty,
                        double slippageBps, double contracts) {
    /** A plan sized by {@code qty} or {@code riskPct}. */
    public OrderPlan(String symbol, Side side, long entryTimeMs, ScaleLadder entries, StopOrder stop,
                     List<TakeProfit> targets, int moveStopToBreakevenAfter, Trailing trailing, int timeStopBars,
                     int cancelEntriesAfterBars, double leverage, double equity, double riskPct, double qty, double slippageBps) {
        this(symbol, side, entryTimeMs, entries, stop, targets, moveStopToBreakevenAfter, trailing, timeStopBars, cancelEntriesAfterBars,
                leverage, equity, riskPct, qty, slippageBps, Double.NaN);
    }

    /** The default take-profit: 25 % at 1R, after which the stop goes to breakeven. */
    public static final List<TakeProfit> DEFAULT_TARGETS = List.of(TakeProfit.atR(1, 25));

    public OrderPlan {
        Checks.notBlank("symbol", symbol);
        Checks.notNull("side", side);
        Checks.notNull("entries", entries);
        Checks.notNull("stop", stop);
        targets = List.copyOf(targets == null ? DEFAULT_TARGETS : targets);
        Checks.inRange("leverage", leverage, 1, 1000);
        Checks.positive("equity", equity);
        Checks.inRange("slippageBps", slippageBps, 0, 1000);
        if (!Double.isNaN(contracts)) {
            if (!Double.isNaN(qty)) {
                throw new InvalidInputException("contracts", "give one of qty, contracts or riskPct");
            }
            Checks.contracts("contracts", contracts);
        } else if (Double.isNaN(qty)) {
            Checks.overZero("riskPct", riskPct, 100, "a percent of equity: 1 = 1 %");   // as size reads riskPct (SizingInput)
        } else {
            Checks.positive("qty", qty);
        }
        int sign = side.sign();
        for (int i = 0; i < entries.levels().size(); i++) {
            EntryLevel l = entries.levels().get(i);
            if (!l.isMarket() && sign * (l.price() - stop.price()) <= 0) {
                throw new InvalidInputException("stop", Checks.fmt(stop.price()) + " must be " + (sign > 0 ? "below" : "above")
                        + " every entry of a " + side.label() + " (entry " + Checks.fmt(l.price()) + ")");
            }
        }
        double sum = 0;
        for (TakeProfit t : targets) {
            sum += t.closePct();
        }
        if (sum > 100 + 1e-9) {
            throw new InvalidInputException("targets", "close " + Checks.fmt(sum) + " % in all; at most 100 %");
        }
        if (moveStopToBreakevenAfter < 0 || moveStopToBreakevenAfter > targets.size()) {
            throw new InvalidInputException("moveStopToBreakevenAfter", moveStopToBreakevenAfter + " is not a target number (0 to "
                    + targets.size() + ")");
        }
        if (trailing != null && trailing.afterTarget() > targets.size()) {
            throw new InvalidInputException("trailing.afterTarget", trailing.afterTarget() + " is not a target number (0 to " + targets.size() + ")");
        }
        if (timeStopBars < 0 || cancelEntriesAfterBars < 0) {
            throw new InvalidInputException(timeStopBars < 0 ? "timeStopBars" : "cancelEntriesAfterBars", "must be 0 or more");
        }
    }

    /**
     * The plan with its {@code contracts} as the engine's quantity, contracts × the contract's size (USD of face, or base
     * units on OKX and XT linear; refused where the venue counts in base units, {@link Contract#qtyOfPlanContracts}); the
     * plan itself when it gives no contracts.
     */
    public OrderPlan inContracts(io.perpguard.instrument.Contract contract) {
        if (Double.isNaN(contracts)) {
            return this;
        }
        double q = contract.qtyOfPlanContracts("contracts", contracts);
        return new OrderPlan(symbol, side, entryTimeMs, entries, stop, targets, moveStopToBreakevenAfter, trailing, timeStopBars,
                cancelEntriesAfterBars, leverage, equity, riskPct, q, slippageBps);
    }

    /** The usual plan: one entry, stop-market, 25 % at 1R then breakeven, sized to riskPct of equity. */
    public static OrderPlan simple(String symbol, Side side, long entryTimeMs, double entry, double stop, double leverage,
                                   double equity, double riskPct) {
        return new OrderPlan(symbol, side, entryTimeMs, Double.isNaN(entry) ? ScaleLadder.market() : ScaleLadder.single(entry),
                StopOrder.market(stop), DEFAULT_TARGETS, 1, null, 0, 0, leverage, equity, riskPct, Double.NaN, 0);
    }
}
