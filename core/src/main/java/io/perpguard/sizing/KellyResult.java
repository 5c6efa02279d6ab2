package io.perpguard.sizing;

/**
 * Kelly sizing for a win rate and a payoff ratio, and the risk fraction perpguard recommends. All fractions are of
 * equity, risked per trade (the loss if the stop is hit), as plain numbers (0.25 = 25 %).
 *
 * @param winRate                 W, share of the decisive trades that win, 0..1 (a break-even trade neither wins nor loses)
 * @param payoff             R, average win / average loss (+∞ when there are no losses)
 * @param kellyFraction           f* = W − (1 − W)/R; negative or zero means no edge (−∞ when W = 0 and R = 0)
 * @param fraction                the share of Kelly used (0.5 = half Kelly)
 * @param fractionalKelly         fraction × f*, or 0 without an edge
 * @param halfKelly               ½ f*, or 0 without an edge
 * @param quarterKelly            ¼ f*, or 0 without an edge
 * @param cap                     the policy's maximum risk per trade
 * @param recommendedRiskFraction min(cap, fractionalKelly); 0 without an edge
 * @param edge                    true when f* &gt; 0
 * @param verdict                 what to do, as a code (the sentence is written from it and the figures outside core,
 *                                by {@code app}'s {@code KellyText})
 */
public record KellyResult(double winRate, double payoff, double kellyFraction, double fraction,
                          double fractionalKelly, double halfKelly, double quarterKelly, double cap,
                          double recommendedRiskFraction, boolean edge, Verdict verdict) {
    /** What to do: no edge, risk the policy cap (below the Kelly share), or risk the Kelly share (within the cap). */
    public enum Verdict {
        NO_EDGE, CAPPED, WITHIN_CAP
    }
}
