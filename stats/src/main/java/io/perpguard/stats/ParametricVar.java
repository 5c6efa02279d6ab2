package io.perpguard.stats;

import io.perpguard.Checks;
import io.perpguard.InvalidInputException;
import io.perpguard.portfolio.ReturnMatrix;
import org.hipparchus.distribution.continuous.NormalDistribution;
import org.hipparchus.linear.MatrixUtils;
import org.hipparchus.linear.RealMatrix;
import org.hipparchus.linear.RealVector;
import org.hipparchus.stat.correlation.Covariance;

/**
 * Variance–covariance (parametric, delta-normal) 1-day VaR and ES of today's positions, losses positive:
 * <pre>
 * μ_p = wᵀμ,   σ_p = √(wᵀ Σ w)
 * VaR_c = z_c σ_p − μ_p,   ES_c = σ_p φ(z_c) / (1 − c) − μ_p
 * </pre>
 * with {@code w} the dollar deltas, Σ the sample covariance of daily returns (Hipparchus {@link Covariance},
 * n − 1 divisor), {@code z_c} the standard normal quantile and φ its density (Hipparchus
 * {@link NormalDistribution}). Jorion, <i>Value at Risk</i>, 3rd ed., ch. 5 and 7; McNeil, Frey &amp; Embrechts,
 * <i>Quantitative Risk Management</i>, 2nd ed., example 2.14 (normal ES).
 *
 * @param meanPnl mean daily P&amp;L μ_p, USD
 * @param sdPnl   standard deviation of daily P&amp;L σ_p, USD
 */
public record ParametricVar(double meanPnl, double sdPnl, double var95, double var99, double es95, double es99) {
    private static final NormalDistribution STANDARD_NORMAL = new NormalDistribution(0, 1);

    /** Calculates the figures for dollar deltas {@code deltaUsd} (one per row of {@code returns}). */
    public static ParametricVar of(double[] deltaUsd, ReturnMatrix returns) {
        int m = returns.symbols().size();
        if (deltaUsd.length != m) {
            throw new InvalidInputException("deltaUsd", "one delta per symbol of the return matrix expected");
        }
        if (returns.days() < 2) {
            throw new InvalidInputException("returns", "parametric VaR needs at least 2 days of returns");
        }
        RealVector w = MatrixUtils.createRealVector(deltaUsd);
        double[] mu = new double[m];
        for (int i = 0; i < m; i++) {
            mu[i] = mean(returns.returns()[i]);
        }
        RealMatrix cov = m == 1
                ? MatrixUtils.createRealMatrix(new double[][]{{new Covariance().covariance(returns.returns()[0], returns.returns()[0])}})
                : new Covariance(observations(returns)).getCovarianceMatrix();
        double variance = w.dotProduct(cov.operate(w));
        return fromMoments(w.dotProduct(MatrixUtils.createRealVector(mu)), Math.sqrt(Math.max(0, variance)));
    }

    /** The figures of a normal P&amp;L with mean {@code mean} and standard deviation {@code sd}. */
    public static ParametricVar fromMoments(double mean, double sd) {
        Checks.finite("meanPnl", mean);
        Checks.notNegative("sdPnl", sd);
        return new ParametricVar(mean, sd, var(mean, sd, 0.95), var(mean, sd, 0.99), es(mean, sd, 0.95), es(mean, sd, 0.99));
    }

    /** VaR_c = z_c σ − μ. */
    public static double var(double mean, double sd, double confidence) {
        return STANDARD_NORMAL.inverseCumulativeProbability(confidence) * sd - mean;
    }

    /** ES_c = σ φ(z_c) / (1 − c) − μ. */
    public static double es(double mean, double sd, double confidence) {
        double z = STANDARD_NORMAL.inverseCumulativeProbability(confidence);
        return sd * STANDARD_NORMAL.density(z) / (1 - confidence) - mean;
    }

    /** The return matrix as Hipparchus wants it: one row per day, one column per symbol. */
    static double[][] observations(ReturnMatrix returns) {
        int m = returns.symbols().size(), n = returns.days();
        double[][] obs = new double[n][m];
        for (int i = 0; i < m; i++) {
            double[] r = returns.returns()[i];
            for (int t = 0; t < n; t++) {
                obs[t][i] = r[t];
            }
        }
        return obs;
    }

    private static double mean(double[] x) {
        double s = 0;
        for (double v : x) {
            s += v;
        }
        return s / x.length;
    }
}
