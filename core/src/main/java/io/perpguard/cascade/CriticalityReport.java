package io.perpguard.cascade;

/**
 * The local criticality profile of a market without running a time path (analytic core).
 * <pre>R(x) = θ · Λ'(x) / D'_eff(x)</pre>
 * SBF's R / the DeFi simulator's branching ratio R₀ (CASCADE.md §1.1, §5.1): where R &gt; 1 the price falls through
 * in a jump. Drawdowns x are log-percent: price = P₀ · exp(−x/100).
 *
 * @param xPct      left edge of each drawdown bin
 * @param r         R over each bin
 * @param x0Pct     drawdown of the exogenous shock alone
 * @param xStarPct  fixed-point drawdown x*
 * @param initialR  R at x₀
 * @param maxPathR  largest R over [x₀, x*]
 */
public record CriticalityReport(double[] xPct, double[] r, double x0Pct, double xStarPct, double initialR, double maxPathR) {
}
