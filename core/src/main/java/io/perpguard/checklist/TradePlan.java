package io.perpguard.checklist;

import io.perpguard.Checks;
import io.perpguard.InvalidInputException;
import io.perpguard.margin.Side;

import java.util.List;

/**
 * A trade as planned before entry: what the checklist checks.
 *
 * @param symbol       contract, e.g. {@code BTCUSDT}
 * @param side         long or short
 * @param thesis       why the trade should work, in the trader's words (may be empty: the checklist fails it)
 * @param entry        planned entry price
 * @param stop         stop price, NaN when there is none
 * @param stopMethod   how the stop was placed
 * @param targets      take-profit prices (may be empty)
 * @param leverage     leverage to open with (&ge; 1)
 * @param equity       account equity the risk is measured against, USDT
 * @param qty          size in base units (coin for a coin-margined contract), NaN when sized by {@code contracts} or {@code riskPct}
 * @param riskPct      risk budget in % of equity, NaN when {@code qty} or {@code contracts} is given
 * @param fundingRate  current funding rate per interval as a fraction (0.0001 = 0.01 %), NaN when unknown
 * @param openInterestChangePct change of open interest over the trader's look-back, %, NaN when unknown
 * @param contracts    size in contracts of the venue's contract size, in its lots (where the venue counts in contracts: every
 *                     coin-margined contract, OKX and XT; tenths of one on OKX's USDT swaps), NaN when sized by {@code qty} or {@code riskPct}
 */
public record TradePlan(String symbol, Side side, String thesis, double entry, double stop, StopMethod stopMethod,
                        List<Double> targets, double leverage, double equity, double qty, double riskPct,
                        double fundingRate, double openInterestChangePct, double contracts) {
    /** A plan sized by {@code qty} or {@code riskPct}. */
    public TradePlan(String symbol, Side side, String thesis, double entry, double stop, StopMethod stopMethod,
                     List<Double> targets, double leverage, double equity, double qty, double riskPct,
                     double fundingRate, double openInterestChangePct) {
        this(symbol, side, thesis, entry, stop, stopMethod, targets, leverage, equity, qty, riskPct, fundingRate, openInterestChangePct,
                Double.NaN);
    }

    public TradePlan {
        Checks.notBlank("symbol", symbol);
        Checks.notNull("side", side);
        thesis = thesis == null ? "" : thesis;
        Checks.positive("entry", entry);
        if (!Double.isNaN(stop)) {
            Checks.positive("stop", stop);
        }
        Checks.notNull("stopMethod", stopMethod);
        targets = List.copyOf(targets == null ? List.of() : targets);
        for (int i = 0; i < targets.size(); i++) {
            Checks.positive("targets[" + i + "]", targets.get(i));
        }
        Checks.inRange("leverage", leverage, 1, 1000);
        Checks.positive("equity", equity);
        int sizes = (Double.isNaN(qty) ? 0 : 1) + (Double.isNaN(contracts) ? 0 : 1) + (Double.isNaN(riskPct) ? 0 : 1);
        if (sizes != 1) {
            throw new InvalidInputException("qty", "give exactly one of qty, contracts or riskPct");
        }
        if (!Double.isNaN(qty)) {
            Checks.positive("qty", qty);
        }
        if (!Double.isNaN(contracts)) {
            Checks.contracts("contracts", contracts);
        }
        if (!Double.isNaN(riskPct)) {
            Checks.inRange("riskPct", riskPct, 0.001, 100);
        }
        if (!Double.isNaN(fundingRate)) {
            io.perpguard.InputBounds.fundingRate("fundingRate", fundingRate);   // the range funding, simulate and the desk take
        }
        if (!Double.isNaN(openInterestChangePct)) {
            Checks.inRange("openInterestChangePct", openInterestChangePct, -100, 10000);
        }
    }

    /** True when the plan has a stop price. */
    public boolean hasStop() {
        return !Double.isNaN(stop);
    }
}
