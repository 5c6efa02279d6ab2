package io.perpguard.cascade;

/**
 * Calm 1 % depth of a market from its look-back bars, where no depth figure is observed: the price impact per dollar
 * traded (Amihud's illiquidity ratio) over the window, scaled to depth by the one event where both are known.
 * <pre>
 * ILLIQ  = mean over bars i of |ln(Cᵢ / Cᵢ₋₁)|·100 / Vᵢ · √(T / 4 h)     (% per USD; Vᵢ quote volume of bar i, T bar length)
 * D₁     = K / ILLIQ,   K = ILLIQ(BTCUSDT 4-h bars, 13 Sep – 10 Oct 2025) × $244M (its observed 5-day median 1 % depth)
 * </pre>
 * The √(T / 4 h) puts bars of any length on the 4-h scale K was calibrated on (|r| grows as √T, volume as T). Depth is
 * inversely proportional to price impact per dollar (Kyle's λ ≈ c / depth, Cont–Kukanov–Stoikov), so a market that moved
 * more per dollar traded before the event had a thinner book. The estimate is the book of the venue whose bars are given.
 */
public final class DepthEstimate {
    /**
     * K: ILLIQ of the bundled oct-2025 BTCUSDT bars (1.9362e−10 % per USD over 163 returns) × $244M, so that event's
     * estimate equals its observed depth (EventFilesTest checks it against the fixture).
     */
    public static final double IMPACT_TO_DEPTH = 0.0472425;
    /** Fewest bar returns with volume an estimate is made from. */
    public static final int MIN_RETURNS = 10;
    private static final double REFERENCE_BAR_MS = 4 * 3_600_000.0;

    private DepthEstimate() {
    }

    /**
     * An estimate and what it came from.
     *
     * @param depth1PctUsd calm 1 % depth, USD
     * @param illiquidity  ILLIQ on the 4-h scale, % per USD
     * @param returns      bar returns used
     */
    public record Estimate(double depth1PctUsd, double illiquidity, int returns) {
    }

    /**
     * The estimate from bars {@code from} … end of the state, or null when the bars carry no volume or fewer than
     * {@link #MIN_RETURNS} returns have a positive volume.
     */
    public static Estimate of(MarketState st, int from) {
        double[] v = st.marketQuoteUsd();
        long[] t = st.barTimeMs();
        double[] c = st.barClose();
        if (v.length == 0) {
            return null;
        }
        double sum = 0, bar = 0;
        int n = 0;
        for (int i = Math.max(from, 0) + 1; i < t.length; i++) {
            if (v[i] > 0) {
                // Amihud (2002), J. Financial Markets 5(1) 31-56: illiquidity = mean |return| / dollar volume
                sum += Math.abs(Math.log(c[i] / c[i - 1])) * 100 / v[i];
                bar += t[i] - t[i - 1];
                n++;
            }
        }
        if (n < MIN_RETURNS || !(sum > 0)) {
            return null;
        }
        double illiq = sum / n * Math.sqrt(bar / n / REFERENCE_BAR_MS);
        return new Estimate(IMPACT_TO_DEPTH / illiq, illiq, n);
    }
}
