package io.perpguard.app.explain;

import io.perpguard.sizing.Kelly;
import io.perpguard.sizing.KellyEstimate;
import io.perpguard.sizing.KellyResult;

import java.util.List;
import java.util.Locale;

/** The verdict and warnings a trader reads for {@code kelly}, written from core's codes and figures. */
public final class KellyText {
    private KellyText() {
    }

    /** One line: what to do. */
    public static String verdict(KellyResult k) {
        return switch (k.verdict()) {
            case NO_EDGE -> "no edge — do not trade (f* = " + fmt(k.kellyFraction()) + ": a win rate of " + fmt(k.winRate()) + " with payoff "
                    + fmt(k.payoff()) + " loses money on average)";
            case CAPPED -> "risk " + pct(k.recommendedRiskFraction()) + " of equity per trade: the policy cap, below " + fmt(k.fraction())
                    + " Kelly (" + pct(k.fractionalKelly()) + ")";
            case WITHIN_CAP -> "risk " + pct(k.recommendedRiskFraction()) + " of equity per trade: " + fmt(k.fraction())
                    + " Kelly, within the policy cap " + pct(k.cap());
        };
    }

    /** Why an estimate's figures are not to be trusted as they stand. */
    public static String warning(KellyEstimate e, KellyEstimate.Warning w) {
        double[] ci = e.interval90();
        return switch (w) {
            case SAMPLE_TOO_SMALL -> "sample too small to trust: " + e.sampleSize() + " trades give a 90% interval for f* of " + fmt(ci[0])
                    + " to " + fmt(ci[1]) + (Double.isFinite(ci[0]) && Double.isFinite(ci[1])
                    ? "; about " + e.sampleNeeded() + " trades would pin f* to ±" + fmt(Kelly.TARGET_HALF_WIDTH) + " (at least " + Kelly.MIN_SAMPLE + ")"
                    // an unbounded interval (a resample with no win) gives no width to scale from: sampleNeeded is only a floor
                    : "; an unbounded interval cannot tell how many trades would pin f* to ±" + fmt(Kelly.TARGET_HALF_WIDTH) + ": at least "
                    + e.sampleNeeded());
            case NO_LOSSES -> "no losing trades: the payoff ratio is undefined and f* equals the win rate; the record cannot be representative";
            case NO_WINS -> "no winning trades: no edge in this record";
            case EDGE_NOT_ESTABLISHED -> "the 90% interval includes f* ≤ 0 (low " + fmt(ci[0]) + "): the edge itself is not established";
        };
    }

    /** Every warning of an estimate, in core's order. */
    public static List<String> warnings(KellyEstimate e) {
        return e.warnings().stream().map(w -> warning(e, w)).toList();
    }

    /** Up to four decimals, no trailing zeros; ∞, −∞ or "undefined" when not finite. */
    private static String fmt(double v) {
        if (!Double.isFinite(v)) {
            return Double.isNaN(v) ? "undefined" : (v > 0 ? "∞" : "−∞");
        }
        return String.format(Locale.ROOT, "%.4f", v).replaceAll("0+$", "").replaceAll("\\.$", "");
    }

    private static String pct(double fraction) {
        return String.format(Locale.ROOT, "%.2f %%", fraction * 100);
    }
}
