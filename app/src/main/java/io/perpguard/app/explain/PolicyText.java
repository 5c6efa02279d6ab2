package io.perpguard.app.explain;

import io.perpguard.Checks;
import io.perpguard.margin.Side;
import io.perpguard.sim.Policy;

/** The one line a survival report shows for a Monte Carlo policy, written from its figures. */
public final class PolicyText {
    private PolicyText() {
    }

    public static String rule(Policy p) {
        String side = p.side().label();
        // where the stop and the liquidation price lie from the entry: below a long's, above a short's
        String beyond = p.side() == Side.LONG ? "below" : "above";
        if (p instanceof Policy.AllIn a) {
            return "all-in: whole equity as isolated margin at " + Checks.fmt(a.leverage())
                    + "x, " + side + " from the first bar, no stop, held until liquidated or the horizon";
        }
        Policy.RiskPerTrade b = (Policy.RiskPerTrade) p;
        return "risk " + Checks.fmt(b.riskPct()) + "% of equity per trade to a stop " + Checks.fmt(b.atrMultiple())
                + "xATR(" + b.atrPeriod() + ") " + beyond + " entry, isolated " + Checks.fmt(b.leverage()) + "x, " + side
                + " whenever flat; exit at the stop, at " + Checks.fmt(b.targetR()) + "R or after " + b.maxBars()
                + " bars; no trade unless the liquidation price is at least " + Checks.fmt(b.liquidationBufferAtr()) + "xATR " + beyond + " the stop";
    }
}
