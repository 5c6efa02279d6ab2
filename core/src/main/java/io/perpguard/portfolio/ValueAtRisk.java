package io.perpguard.portfolio;

import io.perpguard.Checks;
import io.perpguard.InvalidInputException;

import java.util.Arrays;

/**
 * Historical-simulation value at risk and expected shortfall of today's positions, 1 day.
 * <p>
 * Steps (reproducible by hand from the candle CSVs): (1) each day's simple return of every symbol,
 * {@code close/prevClose − 1}; (2) that day's P&amp;L on today's positions, {@code Σ_i delta_i × r_i} with
 * {@code delta_i} the signed dollar delta; (3) sort the P&amp;Ls ascending; (4) with {@code n} days and confidence
 * {@code c}, {@code k = ceil(n × (1 − c))}; VaR is minus the k-th smallest P&amp;L and ES minus the mean of the k
 * smallest. (Jorion, <i>Value at Risk</i>, 3rd ed., ch. 10 "historical simulation"; the lower-order-statistic
 * quantile, so VaR is never understated by interpolation.) Parametric (variance–covariance) figures live in the
 * stats module, which has a normal-quantile implementation.
 */
public final class ValueAtRisk {
    private ValueAtRisk() {
    }

    /**
     * Calculates each day's P&amp;L of today's positions:
     * <pre>pnl_t = Σ_i deltaUsd_i × r_{i,t}</pre>
     * (linear in returns: exact for linear perpetuals and spot, positions held unchanged over the day).
     *
     * @param deltaUsd signed dollar delta per row of {@code returns}
     */
    public static double[] pnl(double[] deltaUsd, ReturnMatrix returns) {
        if (deltaUsd.length != returns.symbols().size()) {
            throw new InvalidInputException("deltaUsd", "one delta per symbol of the return matrix expected");
        }
        int n = returns.days();
        double[] out = new double[n];
        for (int i = 0; i < deltaUsd.length; i++) {
            double d = deltaUsd[i];
            double[] r = returns.returns()[i];
            for (int t = 0; t < n; t++) {
                out[t] += d * r[t];
            }
        }
        return out;
    }

    /** The order-statistic rank {@code k = ceil(n (1 − c))} used for VaR and ES (at least 1). */
    public static int tailCount(int n, double confidence) {
        Checks.inRange("confidence", confidence, 0.5, 0.9999);
        // the small offset keeps 100 × (1 − 0.95) = 5.000000000000004 from rounding up to 6
        return Math.max(1, (int) Math.ceil(n * (1 - confidence) - 1e-9));
    }

    /** Historical VaR: minus the k-th smallest P&amp;L (a loss is positive). */
    public static double historical(double[] pnl, double confidence) {
        double[] s = sorted(pnl);
        return -s[tailCount(s.length, confidence) - 1];
    }

    /** Historical expected shortfall: minus the mean of the k smallest P&amp;Ls. */
    public static double expectedShortfall(double[] pnl, double confidence) {
        double[] s = sorted(pnl);
        int k = tailCount(s.length, confidence);
        double sum = 0;
        for (int i = 0; i < k; i++) {
            sum += s[i];
        }
        return -sum / k;
    }

    private static double[] sorted(double[] pnl) {
        if (pnl.length < 2) {
            throw new InvalidInputException("returns", "VaR needs at least 2 days of returns, got " + pnl.length);
        }
        double[] s = pnl.clone();
        Arrays.sort(s);
        return s;
    }
}
