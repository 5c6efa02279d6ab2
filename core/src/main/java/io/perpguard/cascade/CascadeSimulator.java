package io.perpguard.cascade;

/**
 * A liquidation-cascade simulator (CASCADE.md §5.2). Two cores implement it: {@link AnalyticCascade} (fixed point,
 * for limits and stress grids) and {@link EventCascade} (time steps, for replays and intraday paths). Both are
 * deterministic for the scenario's seed.
 */
public interface CascadeSimulator {
    /** Runs the scenario and checks its bands. */
    CascadeResult run(CascadeScenario scenario);

    /** R(x) along the drawdown path of one market under its exogenous shock, without a time path. */
    CriticalityReport criticality(MarketSpec market, long seed);

    /**
     * The smallest exogenous shock, as the drawdown in percent that the shock alone would cause, at which the
     * market's drawdown reaches {@code drawdownThresholdPct}: the critical shock. Bisection on the exogenous sell
     * notional, relative accuracy 1e−4, at most 60 evaluations.
     */
    double criticalShock(MarketSpec market, long seed, double drawdownThresholdPct);
}
