package io.perpguard.cascade;

import io.perpguard.Checks;
import io.perpguard.instrument.RiskTiers;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Analytic fixed-point core (CASCADE.md §5.1 item 1): the cascade stops at the smallest drawdown where effective
 * depth absorbs exogenous plus forced flow,
 * <pre>
 * x* = inf{ x ≥ x₀ : D_eff(x − s) ≥ E + θ·Λ(x) },   D_eff(w) = m · D₁ · (w / 1 %)^β,   R(x) = θ·Λ'(x) / D_eff'(x − s)
 * </pre>
 * with E the exogenous sell notional, s the fundamental (index) move, Λ the long notional liquidated by drawdown x
 * (from the ladder, valued at the pre-event price), θ the share that reaches the book and m a static crisis depth
 * multiplier. Drawdowns are log-percent (price = P₀·exp(−x/100)). Found by monotone iteration
 * x_{k+1} = s + D_eff⁻¹(E + θ·Λ(x_k)) from x₀ = s + D_eff⁻¹(E), which converges to the smallest fixed point because
 * Λ is non-decreasing; at most one iteration per position plus one. No time path: throughput, refill, fund and ADL
 * are outside this core.
 */
public final class AnalyticCascade implements CascadeSimulator {
    /** Bin width of the R(x) profile, log-percent (same as the event core's path profile). */
    public static final double R_BIN_PCT = EventKernel.R_BIN_PCT;
    /** Largest drawdown considered, log-percent: the event core's largest walk (price at 10⁻⁴ P₀). */
    static final double X_MAX = EventKernel.MAX_WALK;

    private final Function<String, RiskTiers> tiers;
    private final double theta;
    private final double depthMultiplier;

    /** θ = 1, m = 1: every liquidation reaches the calm book (the setting of invariant I6). */
    public AnalyticCascade(Function<String, RiskTiers> tiers) {
        this(tiers, 1, 1);
    }

    /**
     * @param theta           share of liquidation notional that reaches the book, (0, 1]
     * @param depthMultiplier static crisis depth multiplier m, (0, 1]
     */
    public AnalyticCascade(Function<String, RiskTiers> tiers, double theta, double depthMultiplier) {
        this.tiers = Checks.notNull("tiers", tiers);
        this.theta = Checks.inRange("theta", theta, 1e-6, 1);
        this.depthMultiplier = Checks.inRange("depthMultiplier", depthMultiplier, 1e-4, 1);
    }

    /** The fixed point of one market: its prepared ladder curve and the solved drawdowns. */
    private final class Solve {
        final double[] liqDesc;   // long liquidation prices, descending
        final double[] cum;       // cum[i] = notional of the first i of them (at P₀)
        final double p0, d1, beta, s, e;
        double x0, xStar;

        Solve(MarketSpec m, long seed, double sellUsd) {
            RiskTiers t = tiers.apply(m.ladder().tiersSymbol());
            LiquidationLadder lad = m.positions(t, seed);
            p0 = m.price();
            d1 = depthMultiplier * m.depth().bidDepth1PctUsd();
            beta = m.depth().beta();
            double g = 1;
            for (ShockLeg l : m.shocks()) {
                g *= 1 + l.fundamentalPct() / 100;
            }
            s = -100 * Math.log(g);
            e = Math.max(0, sellUsd);
            int[] idx = LiquidationLadder.sortDescending(lad.longs().liquidation());
            int n = idx.length;
            liqDesc = new double[n];
            cum = new double[n + 1];
            for (int i = 0; i < n; i++) {
                liqDesc[i] = lad.longs().liquidation()[idx[i]];
                cum[i + 1] = cum[i] + lad.longs().qty()[idx[i]] * p0;
            }
            x0 = Math.min(X_MAX, s + walk(e));
            double x = x0;
            for (int it = 0; it <= n + 1; it++) {
                double nx = Math.min(X_MAX, s + walk(e + theta * lambda(x)));
                if (nx <= x) {
                    break;
                }
                x = nx;
            }
            xStar = x;
        }

        /** D_eff⁻¹: the walk (log-percent) that consuming {@code usd} of bids causes. */
        double walk(double usd) {
            return usd <= 0 ? 0 : Math.pow(usd / d1, 1 / beta);
        }

        double depth(double w) {
            return w <= 0 ? 0 : d1 * Math.pow(w, beta);
        }

        /** Λ(x): long notional whose liquidation price is at or above P₀·exp(−x/100). */
        double lambda(double x) {
            double threshold = p0 * Math.exp(-x / 100);
            int lo = 0, hi = liqDesc.length;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (liqDesc[mid] >= threshold) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            return cum[lo];
        }

        /** R over the bin [x, x + h): θ·ΔΛ / ΔD_eff. */
        double r(double x) {
            double h = R_BIN_PCT;
            double dD = depth(x + h - s) - depth(Math.max(0, x - s));
            return dD > 0 ? theta * (lambda(x + h) - lambda(x)) / dD : Double.POSITIVE_INFINITY;
        }

        double maxPathR() {
            double best = 0;
            for (double x = Math.floor(x0 / R_BIN_PCT) * R_BIN_PCT; x <= xStar; x += R_BIN_PCT) {
                best = Math.max(best, r(x));
            }
            return best;
        }
    }

    private static double pct(double logPct) {
        return 100 * (1 - Math.exp(-logPct / 100));
    }

    @Override
    public CascadeResult run(CascadeScenario scenario) {
        List<MarketOutcome> out = new ArrayList<>();
        for (int i = 0; i < scenario.markets().size(); i++) {
            MarketSpec m = scenario.markets().get(i);
            Solve sv = new Solve(m, scenario.seed() + i, m.exogenousSellUsd());
            double liquidated = theta * sv.lambda(sv.xStar);
            double oi = m.ladder().oiUsd();
            double lastPrice = m.price() * Math.exp(-sv.xStar / 100);
            double[] none = new double[0];
            out.add(new MarketOutcome(m.symbol(), pct(sv.xStar), Double.NaN, Double.NaN, liquidated, 0, oi, oi - liquidated,
                    0, 0, 0, 0, 0, Double.NaN, Double.NaN, 0, depthMultiplier, depthMultiplier, sv.maxPathR(), pct(sv.x0),
                    oi - liquidated, oi, liquidated, 0, 0, new double[]{lastPrice}, new double[]{m.price()}, new double[]{lastPrice},
                    new double[]{liquidated}, new double[]{0}, 0, 0, 0, 0, 0, 0));
        }
        CascadeResult r = CascadeResult.of(scenario.name(), "analytic", out);
        return r.withBands(Bands.evaluate(scenario, r));
    }

    @Override
    public CriticalityReport criticality(MarketSpec market, long seed) {
        Solve sv = new Solve(market, seed, market.exogenousSellUsd());
        double end = Math.max(sv.xStar, sv.x0) + 10 * R_BIN_PCT;
        int n = (int) Math.ceil(end / R_BIN_PCT);
        double[] x = new double[n], r = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = i * R_BIN_PCT;
            r[i] = sv.r(x[i]);
        }
        return new CriticalityReport(x, r, pct(sv.x0), pct(sv.xStar), sv.r(Math.floor(sv.x0 / R_BIN_PCT) * R_BIN_PCT),
                sv.maxPathR());
    }

    /** Fixed-point drawdown (percent) of a market for a given exogenous sell notional. */
    public double drawdownPct(MarketSpec market, long seed, double sellUsd) {
        return pct(new Solve(market, seed, sellUsd).xStar);
    }

    @Override
    public double criticalShock(MarketSpec market, long seed, double drawdownThresholdPct) {
        Checks.inRange("drawdownThresholdPct", drawdownThresholdPct, 0.01, 99);
        double xt = -100 * Math.log(1 - drawdownThresholdPct / 100);
        Solve base = new Solve(market, seed, 0);
        if (pct(base.xStar) >= drawdownThresholdPct) {
            return pct(base.x0);
        }
        // at hi the exogenous walk alone reaches the threshold
        double lo = 0, hi = base.depth(xt - base.s);
        for (int i = 0; i < 60 && hi - lo > 1e-4 * hi; i++) {
            double mid = (lo + hi) / 2;
            if (pct(new Solve(market, seed, mid).xStar) >= drawdownThresholdPct) {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        return pct(new Solve(market, seed, hi).x0);
    }
}
