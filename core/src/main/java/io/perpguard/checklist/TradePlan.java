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
 * @param qty          size in base units, NaN when sized by {@code riskPct}
 * @param riskPct      risk budget in % of equity, NaN when {@code qty} is given
 * @param fundingRate  current funding rate per interval as a fraction (0.0001 = 0.01 %), NaN when unknown
 * @param openInterestChangePct change of open interest over the trader's look-back, %, NaN when unknown
 */
public record TradePlan(String symbol, Side side, String thesis, double entry, double stop, StopMethod stopMethod,
                        List<Double> targets, double leverage, double equity, double qty, double riskPct,
                        double fundingRate, double openInterestChangePct) {
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
        if (Double.isNaN(qty) == Double.isNaN(riskPct)) {
            throw new InvalidInputException("qty", "give exactly one of qty or riskPct");
        }
        if (!Double.isNaN(qty)) {
            Checks.positive("qty", qty);
        }
        if (!Double.isNaN(riskPct)) {
            Checks.inRange("riskPct", riskPct, 0.001, 100);
        }
        if (!Double.isNaN(fundingRate)) {
            Checks.inRange("fundingRate", fundingRate, -1, 1);
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
