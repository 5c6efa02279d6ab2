package io.perpguard.sim;

import io.perpguard.Checks;
import io.perpguard.InvalidInputException;

import java.util.SplittableRandom;

/**
 * Risk of ruin of fixed-fractional betting: each trade risks the fraction {@code f} of current equity, wins
 * {@code R × f} of equity with probability {@code W} and loses {@code f} otherwise; ruin is equity falling below
 * {@code ruinLevel} × the starting equity.
 * <p>In logs this is a random walk {@code S_n = Σ X_i} with {@code X = ln(1 + fR)} (prob. W) or {@code ln(1 − f)};
 * ruin is {@code S} dropping below {@code −D}, {@code D = −ln(ruinLevel)}.
 * <ul>
 *   <li>Analytic (infinite horizon): Lundberg's adjustment coefficient γ &gt; 0 solves
 *   {@code E[e^{−γX}] = W(1+fR)^{−γ} + (1−W)(1−f)^{−γ} = 1}. Since {@code e^{−γS_n}} is a martingale and the
 *   overshoot below −D is at most {@code δ = −ln(1−f)}, optional stopping gives the two-sided bound
 *   {@code ruinLevel^γ (1−f)^γ ≤ P(ruin) ≤ ruinLevel^γ} (Lundberg's inequality; Asmussen &amp; Albrecher,
 *   <i>Ruin Probabilities</i>, 2nd ed. 2010, ch. IV and XIII; Feller vol. II, XII.4-5). When the expected log growth
 *   {@code μ = E[X] ≤ 0} (betting at or past roughly twice the Kelly fraction) ruin is certain.</li>
 *   <li>Diffusion approximation: {@code P ≈ exp(−2μD/σ²)} (Brownian motion with drift μ and variance σ² per trade
 *   hitting −D; Cox &amp; Miller 1965, §5.7).</li>
 *   <li>Simulation: finite number of trades, seeded, one {@link SplittableRandom} per path.</li>
 * </ul>
 */
public final class RiskOfRuin {
    /** Relative accuracy of the adjustment coefficient (bisection). */
    public static final double GAMMA_ACCURACY = 1e-12;
    /** Most bisection steps; 200 halvings exceed double precision from any bracket. */
    public static final int MAX_ITERATIONS = 200;

    private RiskOfRuin() {
    }

    /**
     * A fixed-fractional betting game.
     *
     * @param winProbability W, in (0, 1)
     * @param payoff         R: a win pays R × the amount risked (&gt; 0)
     * @param fraction       f: fraction of current equity risked per trade, in (0, 1)
     * @param ruinLevel      ruin when equity falls below this fraction of the start, in (0, 1) (0.5 = a 50 % drawdown)
     */
    public record Game(double winProbability, double payoff, double fraction, double ruinLevel) {
        public Game {
            Checks.finite("winProbability", winProbability);
            if (winProbability <= 0 || winProbability >= 1) {
                throw new InvalidInputException("winProbability", Checks.fmt(winProbability) + " is outside the open range 0 to 1");
            }
            Checks.positive("payoff", payoff);
            Checks.finite("fraction", fraction);
            if (fraction <= 0 || fraction >= 1) {
                throw new InvalidInputException("fraction", Checks.fmt(fraction) + " is outside the open range 0 to 1");
            }
            Checks.finite("ruinLevel", ruinLevel);
            if (ruinLevel <= 0 || ruinLevel >= 1) {
                throw new InvalidInputException("ruinLevel", Checks.fmt(ruinLevel) + " is outside the open range 0 to 1");
            }
        }

        /** μ = W ln(1 + fR) + (1 − W) ln(1 − f): expected log growth per trade. */
        public double logGrowth() {
            return winProbability * Math.log1p(fraction * payoff) + (1 - winProbability) * Math.log1p(-fraction);
        }

        /** σ² of the log step. */
        public double logVariance() {
            double up = Math.log1p(fraction * payoff), down = Math.log1p(-fraction);
            double mu = logGrowth();
            return winProbability * (up - mu) * (up - mu) + (1 - winProbability) * (down - mu) * (down - mu);
        }

        /** Kelly fraction for this W and R: f* = W − (1 − W) / R (Kelly 1956). */
        public double kellyFraction() {
            return winProbability - (1 - winProbability) / payoff;
        }
    }

    /**
     * Analytic risk of ruin, infinite horizon.
     *
     * @param logGrowth             μ per trade
     * @param adjustmentCoefficient γ (0 when μ ≤ 0)
     * @param upperBound            ruinLevel^γ (Lundberg): the probability is at most this
     * @param lowerBound            ruinLevel^γ × (1 − f)^γ: and at least this
     * @param diffusion             exp(−2μD/σ²)
     * @param iterations            bisection steps used to find γ
     */
    public record Analytic(double logGrowth, double adjustmentCoefficient, double upperBound, double lowerBound,
                           double diffusion, int iterations) {
    }

    /**
     * Calculates the analytic risk of ruin (Lundberg bounds and the diffusion approximation).
     * γ is found by bisection on {@code g(γ) = W(1+fR)^{−γ} + (1−W)(1−f)^{−γ} − 1}, which is convex with g(0) = 0 and
     * g'(0) = −μ &lt; 0, so it has exactly one positive root; accuracy {@link #GAMMA_ACCURACY} relative.
     */
    public static Analytic analytic(Game g) {
        double mu = g.logGrowth();
        if (mu <= 0) {
            return new Analytic(mu, 0, 1, 1, 1, 0);
        }
        double up = Math.log1p(g.fraction() * g.payoff());
        double down = Math.log1p(-g.fraction());
        double lo = 0, hi = 1;
        int it = 0;
        while (lundberg(g.winProbability(), up, down, hi) <= 0) {
            lo = hi;
            hi *= 2;
            if (++it > MAX_ITERATIONS) {
                throw new IllegalStateException("no adjustment coefficient below " + hi + " for " + g);
            }
        }
        while (hi - lo > GAMMA_ACCURACY * hi) {
            double mid = 0.5 * (lo + hi);
            if (lundberg(g.winProbability(), up, down, mid) <= 0) {
                lo = mid;
            } else {
                hi = mid;
            }
            if (++it > MAX_ITERATIONS) {
                throw new IllegalStateException("adjustment coefficient did not converge for " + g + " in [" + lo + ", " + hi + "]");
            }
        }
        double gamma = 0.5 * (lo + hi);
        double d = -Math.log(g.ruinLevel());
        double upper = Math.exp(-gamma * d);
        double lower = Math.exp(-gamma * (d - down));
        double diffusion = Math.exp(-2 * mu * d / g.logVariance());
        return new Analytic(mu, gamma, upper, lower, diffusion, it);
    }

    /** g(γ) = W e^{−γ up} + (1 − W) e^{−γ down} − 1 (up = ln(1+fR) &gt; 0, down = ln(1−f) &lt; 0). */
    private static double lundberg(double w, double up, double down, double gamma) {
        return w * Math.exp(-gamma * up) + (1 - w) * Math.exp(-gamma * down) - 1;
    }

    /**
     * A simulated risk of ruin.
     *
     * @param probability   fraction of paths ruined within the trades simulated
     * @param standardError √(p(1 − p)/paths)
     * @param paths         paths simulated
     * @param trades        trades per path
     */
    public record Estimate(double probability, double standardError, int paths, int trades) {
    }

    /**
     * Simulates {@code paths} sequences of {@code trades} fixed-fractional bets; a path is ruined when equity first
     * falls below {@code ruinLevel} of the start. Deterministic for a seed: path i uses its own
     * {@link SplittableRandom} seeded from (seed, i).
     */
    public static Estimate simulate(Game g, int trades, int paths, long seed) {
        Checks.inRange("trades", trades, 1, 100_000_000);
        Checks.inRange("paths", paths, 1, 100_000_000);
        double up = Math.log1p(g.fraction() * g.payoff());
        double down = Math.log1p(-g.fraction());
        double floor = Math.log(g.ruinLevel());
        double w = g.winProbability();
        int ruined = 0;
        for (int p = 0; p < paths; p++) {
            if ((p & 255) == 0 && Thread.currentThread().isInterrupted()) {
                throw new java.util.concurrent.CancellationException("risk-of-ruin simulation cancelled after " + p + " paths");
            }
            SplittableRandom rng = new SplittableRandom(MonteCarlo.pathSeed(seed, p));
            double s = 0;
            for (int t = 0; t < trades; t++) {
                s += rng.nextDouble() < w ? up : down;
                if (s < floor) {
                    ruined++;
                    break;
                }
            }
        }
        double prob = (double) ruined / paths;
        return new Estimate(prob, Math.sqrt(prob * (1 - prob) / paths), paths, trades);
    }
}
