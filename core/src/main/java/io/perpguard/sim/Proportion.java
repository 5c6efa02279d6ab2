package io.perpguard.sim;

import io.perpguard.Checks;
import io.perpguard.InvalidInputException;

/**
 * A share of independent trials (Monte Carlo paths) and its 95 % confidence interval. The interval is the sampling
 * error of the simulation only — what more paths would narrow — not the uncertainty of the model or of the history
 * the paths are drawn from.
 *
 * @param share  successes / trials
 * @param low    lower end of the 95 % Wilson score interval
 * @param high   upper end
 * @param trials number of trials
 */
public record Proportion(double share, double low, double high, long trials) {
    /** z for a two-sided 95 % interval: Φ⁻¹(0.975). */
    public static final double Z95 = 1.959963984540054;

    /**
     * The share {@code successes / trials} with its 95 % Wilson score interval, which stays inside [0, 1] and keeps its
     * coverage near 0 and 1 (0 of 2,000 paths gives 0 to 0.19 %, not the normal interval's 0 ± 0).
     */
    public static Proportion wilson95(long successes, long trials) {
        if (trials < 1) {
            throw new InvalidInputException("trials", trials + " must be 1 or more");
        }
        if (successes < 0 || successes > trials) {
            throw new InvalidInputException("successes", successes + " is outside 0 to " + trials);
        }
        double n = trials, p = successes / n, z2 = Z95 * Z95;
        // Wilson score interval (E. B. Wilson, JASA 22 (1927) 209-212): (p + z²/2n ± z √(p(1−p)/n + z²/4n²)) / (1 + z²/n)
        double centre = (p + z2 / (2 * n)) / (1 + z2 / n);
        double half = Z95 * Math.sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / (1 + z2 / n);
        return new Proportion(p, successes == 0 ? 0 : Math.max(0, centre - half), successes == trials ? 1 : Math.min(1, centre + half), trials);
    }

    /** {@link #wilson95} of a share already computed as successes / trials (rounded back to the count). */
    public static Proportion wilson95(double share, long trials) {
        Checks.inRange("share", share, 0, 1);
        return wilson95(Math.round(share * trials), trials);
    }
}
