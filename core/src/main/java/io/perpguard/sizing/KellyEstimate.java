package io.perpguard.sizing;

import java.util.List;

/**
 * Kelly estimated from a record of closed trades, with how far the sample can be trusted.
 *
 * @param kelly            Kelly figures at the sample's win rate and payoff ratio
 * @param sampleSize       closed trades used
 * @param wins             trades with a net result &gt; 0
 * @param losses           trades with a net result &lt; 0 (break-even trades count in the sample, not here)
 * @param averageWin       mean net result of the wins, quote currency
 * @param averageLoss      mean net loss of the losses, positive, quote currency
 * @param expectancyR      expected result per trade (of all {@code sampleSize}, a break-even one counting 0) in units of
 *                         the average loss: (wins × R − losses) / sampleSize
 * @param interval90       bootstrap 90 % interval of f*: {low, high} (percentiles 5 and 95)
 * @param resamples        bootstrap resamples drawn
 * @param seed             random seed of the bootstrap
 * @param sampleSufficient true when the sample has at least {@link Kelly#MIN_SAMPLE} trades and the interval's
 *                         half-width is at most {@link Kelly#TARGET_HALF_WIDTH}
 * @param sampleNeeded     trades needed for that, estimated from the interval shrinking as 1/√n
 * @param warnings         what limits trust in the figures, as codes (the sentences are written outside core, by
 *                         {@code app}'s {@code KellyText})
 */
public record KellyEstimate(KellyResult kelly, int sampleSize, int wins, int losses, double averageWin,
                            double averageLoss, double expectancyR, double[] interval90, int resamples, long seed,
                            boolean sampleSufficient, int sampleNeeded, List<Warning> warnings) {
    /** What limits trust in an estimate (each told from the estimate's own figures). */
    public enum Warning {
        /** fewer than {@link Kelly#MIN_SAMPLE} trades or an interval wider than ±{@link Kelly#TARGET_HALF_WIDTH} */
        SAMPLE_TOO_SMALL,
        /** no losing trade: the payoff ratio is undefined */
        NO_LOSSES,
        /** no winning trade */
        NO_WINS,
        /** an edge at the sample's figures, but the interval reaches f* ≤ 0 */
        EDGE_NOT_ESTABLISHED
    }

    public KellyEstimate {
        interval90 = interval90.clone();
        warnings = List.copyOf(warnings);
    }

    @Override
    public double[] interval90() {
        return interval90.clone();
    }
}
