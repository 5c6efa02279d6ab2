package io.perpguard.checklist;

import java.util.List;

/**
 * The checklist's answer for one plan.
 *
 * @param verdict the worst verdict of all rules
 * @param rules   one entry per checklist item, in checklist order
 * @param sized   the position the checks were run on (quantity from the plan or from the risk model)
 */
public record ChecklistResult(Verdict verdict, List<Rule> rules, SizedPlan sized) {
    public ChecklistResult {
        rules = List.copyOf(rules);
    }

    /** The rule with this id, or null. */
    public Rule rule(String id) {
        for (Rule r : rules) {
            if (r.id().equals(id)) {
                return r;
            }
        }
        return null;
    }

    /**
     * The figures of the planned position.
     *
     * @param qty              base units (from the plan, or risk budget / risk per unit when riskPct was given); NaN
     *                         when it cannot be sized
     * @param notional         qty × entry
     * @param initialMargin    notional / leverage
     * @param riskAtStop       loss if the stop fills: qty × |entry − stop| + taker fees both ways; NaN without a stop
     * @param riskPct          riskAtStop / equity × 100
     * @param liquidationPrice isolated liquidation price at the plan's leverage, rounded to the tick toward the entry (as
     *                         {@code size} and {@code calc}), NaN when none
     */
    public record SizedPlan(double qty, double notional, double initialMargin, double riskAtStop, double riskPct,
                            double liquidationPrice) {
    }
}
