package io.perpguard.cascade;

import io.perpguard.Checks;

/**
 * One leg of the exogenous shock: sell flow that is not forced by margin, spread evenly over the leg, and a
 * move of the fundamental (index) price that the book anchor follows.
 *
 * @param startMinute     minutes after the scenario start
 * @param durationMinutes length of the leg (&gt; 0)
 * @param sellUsd         exogenous net sell notional over the leg, USD (negative = net buying)
 * @param fundamentalPct  move of the anchor over the leg, percent (negative = down)
 */
public record ShockLeg(double startMinute, double durationMinutes, double sellUsd, double fundamentalPct) {
    public ShockLeg {
        Checks.notNegative("shock.startMinute", startMinute);
        Checks.positive("shock.durationMinutes", durationMinutes);
        Checks.finite("shock.sellUsd", sellUsd);
        Checks.inRange("shock.fundamentalPct", fundamentalPct, -99, 1000);
    }
}
