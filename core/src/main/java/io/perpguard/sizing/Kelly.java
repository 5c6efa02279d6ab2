package io.perpguard.sizing;

import io.perpguard.Checks;
import io.perpguard.InvalidInputException;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The Kelly criterion for trades with a win rate W and a payoff ratio R, fractional Kelly, and the estimate from a
 * trade record with a bootstrap interval.
 */
public final class Kelly {
    /** Default share of Kelly recommended: half Kelly. */
    public static final double DEFAULT_FRACTION = 0.5;
    /** Default policy cap on risk per trade: 2 % of equity. */
    public static final double DEFAULT_CAP = 0.02;
    /** Default bootstrap resamples. */
    public static final int DEFAULT_RESAMPLES = 10_000;
    /** Default bootstrap seed (results are reproducible). */
    public static final long DEFAULT_SEED = 42;
    /** Below this many trades an estimate is not trusted whatever its interval (normal-approximation rule of thumb). */
    public static final int MIN_SAMPLE = 30;
    /** A sample is enough when the 90 % interval of f* is at most ±this (5 points of equity). */
    public static final double TARGET_HALF_WIDTH = 0.05;

    private Kelly() {
    }

    /**
     * Calculates the Kelly fraction for a bet won with probability W that pays R times what it loses.
     * <pre>f* = W − (1 − W) / R</pre>
     * Kelly (1956), "A New Interpretation of Information Rate"; Thorp (2006), "The Kelly criterion in blackjack,
     * sports betting and the stock market", eq. (2.1) form for uneven payoffs. R = +∞ gives f* = W.
     * Computed in decimal arithmetic on the inputs as written, so W = 0.55, R = 1.5 gives exactly 0.25.
     */
    public static double fraction(double winRate, double payoff) {
        Checks.inRange("winRate", winRate, 0, 1);
        if (Double.isNaN(payoff) || payoff < 0) {
            throw new InvalidInputException("payoff", payoff + " must be 0 or more");
        }
        if (payoff == Double.POSITIVE_INFINITY) {
            return winRate;
        }
        if (payoff == 0) {
            return winRate == 1 ? 1 : Double.NEGATIVE_INFINITY;
        }
        BigDecimal w = BigDecimal.valueOf(winRate);
        return w.subtract(BigDecimal.ONE.subtract(w).divide(BigDecimal.valueOf(payoff), MathContext.DECIMAL128)).doubleValue();
    }

    /** {@link #fraction} in plain double arithmetic, for the bootstrap's inner loop (inputs already validated). */
    private static double fractionFast(double winRate, double payoff) {
        if (payoff == Double.POSITIVE_INFINITY) {
            return winRate;
        }
        if (payoff == 0) {
            return winRate == 1 ? 1 : Double.NEGATIVE_INFINITY;
        }
        return winRate - (1 - winRate) / payoff;
    }

    /** a × b in decimal arithmetic on the numbers as written (½ × 0.25 = 0.125 exactly). */
    private static double times(double a, double b) {
        return BigDecimal.valueOf(a).multiply(BigDecimal.valueOf(b)).doubleValue();
    }

    /**
     * Evaluates Kelly and the recommended risk per trade: {@code min(cap, fraction × f*)}, or 0 with the verdict
     * {@link KellyResult.Verdict#NO_EDGE} when f* ≤ 0.
     *
     * @param fraction share of Kelly to use, in (0, 1] (0.5 half, 0.25 quarter)
     * @param cap      policy maximum risk per trade, in (0, 1]
     */
    public static KellyResult evaluate(double winRate, double payoff, double fraction, double cap) {
        Checks.overZero("fraction", fraction, 1, "a fraction: 0.5 = half Kelly");
        Checks.overZero("cap", cap, 1, "a fraction: 0.02 = 2 % of equity");
        double f = fraction(winRate, payoff);
        if (!(f > 0)) {
            return new KellyResult(winRate, payoff, f, fraction, 0, 0, 0, cap, 0, false, KellyResult.Verdict.NO_EDGE);
        }
        double fk = times(fraction, f);
        double rec = Math.min(cap, fk);
        return new KellyResult(winRate, payoff, f, fraction, fk, times(0.5, f), times(0.25, f), cap, rec, true,
                rec < fk ? KellyResult.Verdict.CAPPED : KellyResult.Verdict.WITHIN_CAP);
    }

    //-------------------------------------------------------------------------
    /**
     * Estimates Kelly from closed trades' net results (realized PnL after fees). A break-even trade (net 0) neither
     * wins nor loses: W = wins / (wins + losses), R = average win / average loss. With a share s of scratch trades
     * the expected log growth is (1 − s)[W ln(1 + fR) + (1 − W) ln(1 − f)] + s ln 1, maximised by the same
     * f* = W − (1 − W)/R — counting a scratch as a loss would understate f* (+20, 0, −10 is f* = 0.25, not 0).
     * Expectancy per trade in R (the average loss as one R, since a trade record carries no stops), over all n
     * trades, a scratch counting 0: (wins × R − losses) / n. The 90 % interval of f* is the 5th–95th percentile (linear interpolation) of f* over
     * {@code resamples} bootstrap resamples of the trades (Efron &amp; Tibshirani 1993, ch. 13, percentile interval),
     * drawn with {@link SplittableRandom}(seed). A resample with no loss has f* = its win rate; one with no win, −∞.
     * The sample is called sufficient at ≥ {@link #MIN_SAMPLE} trades and a half-width ≤ {@link #TARGET_HALF_WIDTH};
     * the size needed is n × (half-width / target)², as the interval narrows like 1/√n.
     */
    public static KellyEstimate fromTrades(double[] netPnl, double fraction, double cap, int resamples, long seed) {
        Checks.notNull("trades", netPnl);
        int n = netPnl.length;
        if (n == 0) {
            throw new InvalidInputException("trades", "no closed trades to estimate from");
        }
        if (resamples < 100 || resamples > 1_000_000) {
            throw new InvalidInputException("resamples", resamples + " is outside 100 to 1,000,000");
        }
        for (int i = 0; i < n; i++) {
            Checks.finite("trades[" + i + "]", netPnl[i]);
        }
        int wins = 0, losses = 0;
        double winSum = 0, lossSum = 0;
        for (double v : netPnl) {
            if (v > 0) {
                wins++;
                winSum += v;
            } else if (v < 0) {
                losses++;
                lossSum -= v;
            }
        }
        double w = winRate(wins, losses);
        double avgWin = wins > 0 ? winSum / wins : 0;
        double avgLoss = losses > 0 ? lossSum / losses : 0;
        double r = payoff(avgWin, avgLoss);
        KellyResult k = evaluate(w, r, fraction, cap);
        // expectancy in R with the average loss as 1R, per trade of the n (a scratch adds 0):
        // (wins·avgWin − losses·avgLoss) / (n·avgLoss) = (wins·R − losses) / n
        double expectancyR = losses > 0 ? (wins * r - losses) / n : Double.POSITIVE_INFINITY;

        double[] fs = new double[resamples];
        SplittableRandom rnd = new SplittableRandom(seed);
        for (int b = 0; b < resamples; b++) {
            if ((b & 255) == 0 && Thread.currentThread().isInterrupted()) {
                throw new java.util.concurrent.CancellationException("Kelly bootstrap cancelled after " + b + " resamples");
            }
            int bw = 0;
            double bWinSum = 0, bLossSum = 0;
            int bl = 0;
            for (int i = 0; i < n; i++) {
                double v = netPnl[rnd.nextInt(n)];
                if (v > 0) {
                    bw++;
                    bWinSum += v;
                } else if (v < 0) {
                    bl++;
                    bLossSum -= v;
                }
            }
            double bW = winRate(bw, bl);
            double bR = payoff(bw > 0 ? bWinSum / bw : 0, bl > 0 ? bLossSum / bl : 0);
            fs[b] = fractionFast(bW, bR);
        }
        Arrays.sort(fs);
        double lo = percentile(fs, 0.05);
        double hi = percentile(fs, 0.95);
        double half = (hi - lo) / 2;
        int needed;
        if (Double.isFinite(half)) {
            needed = (int) Math.max(MIN_SAMPLE, Math.ceil(n * (half / TARGET_HALF_WIDTH) * (half / TARGET_HALF_WIDTH)));
        } else {
            needed = Math.max(MIN_SAMPLE, 2 * n);
        }
        boolean sufficient = n >= MIN_SAMPLE && Double.isFinite(half) && half <= TARGET_HALF_WIDTH;
        if (sufficient) {
            needed = Math.min(needed, n);
        }
        List<KellyEstimate.Warning> warnings = new ArrayList<>();
        if (!sufficient) {
            warnings.add(KellyEstimate.Warning.SAMPLE_TOO_SMALL);
        }
        if (losses == 0) {
            warnings.add(KellyEstimate.Warning.NO_LOSSES);
        }
        if (wins == 0) {
            warnings.add(KellyEstimate.Warning.NO_WINS);
        }
        if (k.edge() && lo <= 0) {
            warnings.add(KellyEstimate.Warning.EDGE_NOT_ESTABLISHED);
        }
        return new KellyEstimate(k, n, wins, losses, avgWin, avgLoss, expectancyR, new double[]{lo, hi}, resamples, seed,
                sufficient, needed, warnings);
    }

    /** Estimate with the default resamples and seed. */
    public static KellyEstimate fromTrades(double[] netPnl, double fraction, double cap) {
        return fromTrades(netPnl, fraction, cap, DEFAULT_RESAMPLES, DEFAULT_SEED);
    }

    /** W of the decisive trades: wins / (wins + losses); 0 when every trade broke even (no edge either way). */
    private static double winRate(int wins, int losses) {
        return wins + losses > 0 ? (double) wins / (wins + losses) : 0;
    }

    private static double payoff(double avgWin, double avgLoss) {
        if (avgLoss == 0) {
            return avgWin > 0 ? Double.POSITIVE_INFINITY : 0;
        }
        return avgWin / avgLoss;
    }

    /** Percentile of sorted values by linear interpolation between order statistics (Hyndman–Fan type 7). */
    static double percentile(double[] sorted, double p) {
        double h = (sorted.length - 1) * p;
        int i = (int) Math.floor(h);
        if (i + 1 >= sorted.length) {
            return sorted[sorted.length - 1];
        }
        double a = sorted[i], b = sorted[i + 1];
        if (a == b || h == i || !Double.isFinite(a)) {
            return a; // an infinite order statistic (a resample with no win: f* = −∞) is returned as is
        }
        return a + (h - i) * (b - a);
    }
}
