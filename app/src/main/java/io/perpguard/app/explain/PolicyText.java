package io.perpguard.app.explain;

import io.perpguard.Checks;
import io.perpguard.sim.Policy;

/** The one line a survival report shows for a Monte Carlo policy, written from its figures. */
public final class PolicyText {
    private PolicyText() {
    }

    public static String rule(Policy p) {
        if (p instanceof Policy.AllIn a) {
            return "all-in: whole equity as isolated margin at " + Checks.fmt(a.leverage())
                    + "x, long from the first bar, no stop, held until liquidated or the horizon";
        }
        Policy.RiskPerTrade b = (Policy.RiskPerTrade) p;
        return "risk " + Checks.fmt(b.riskPct()) + "% of equity per trade to a stop " + Checks.fmt(b.atrMultiple())
                + "xATR(" + b.atrPeriod() + ") below entry, isolated " + Checks.fmt(b.leverage()) + "x, long whenever flat; exit at the stop, at "
                + Checks.fmt(b.targetR()) + "R or after " + b.maxBars() + " bars; no trade unless the liquidation price is at least "
                + Checks.fmt(b.liquidationBufferAtr()) + "xATR below the stop";
    }
}
