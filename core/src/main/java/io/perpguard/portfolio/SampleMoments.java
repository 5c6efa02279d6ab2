package io.perpguard.portfolio;

import io.perpguard.InvalidInputException;

/**
 * Means, variances and covariances of return samples, two-pass (numerically stable), with the unbiased
 * {@code n − 1} divisor. Differentially tested against Hipparchus {@code Covariance} in the stats module.
 */
public final class SampleMoments {
    private SampleMoments() {
    }

    public static double mean(double[] x) {
        double s = 0;
        for (double v : x) {
            s += v;
        }
        return s / x.length;
    }

    /** Sample covariance {@code Σ (x − x̄)(y − ȳ) / (n − 1)}. */
    public static double covariance(double[] x, double[] y) {
        if (x.length != y.length || x.length < 2) {
            throw new InvalidInputException("returns", "covariance needs two samples of equal length, at least 2 (got "
                    + x.length + " and " + y.length + ")");
        }
        double mx = mean(x), my = mean(y), s = 0;
        for (int i = 0; i < x.length; i++) {
            s += (x[i] - mx) * (y[i] - my);
        }
        return s / (x.length - 1);
    }

    public static double variance(double[] x) {
        return covariance(x, x);
    }

    /**
     * Calculates the beta of an asset to the market (the benchmark).
     * <pre>β = cov(r_asset, r_market) / var(r_market)</pre>
     * (the OLS slope of asset returns on market returns; Sharpe 1964 market model).
     * NaN when the market did not move over the sample.
     */
    public static double beta(double[] asset, double[] market) {
        double v = variance(market);
        return v > 0 ? covariance(asset, market) / v : Double.NaN;
    }

    /** Pearson correlation {@code cov / (σx σy)}, NaN when either does not vary. */
    public static double correlation(double[] x, double[] y) {
        double d = Math.sqrt(variance(x) * variance(y));
        return d > 0 ? covariance(x, y) / d : Double.NaN;
    }
}
