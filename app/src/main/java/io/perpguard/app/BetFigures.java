package io.perpguard.app;

import io.perpguard.Checks;
import io.perpguard.InvalidInputException;

import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The one reader of the bet figures a person gives ({@code kelly}, {@code recovery}, their API bodies): the win rate and
 * the payoff ratio.
 */
final class BetFigures {
    /** Average win over average loss beyond this is a typing slip (a win in USDT given as the ratio), not an edge. */
    static final double MAX_PAYOFF = 1_000;

    private BetFigures() {
    }

    /**
     * The win rate as a fraction strictly between 0 and 1, from a fraction under 1 (0.55) or a percent over 1 (55); never
     * exactly 0, 1 or 100. 1 is refused rather than guessed: it reads as 100 % or as 1 %, and neither guess is safe.
     */
    static double winRate(String field, double value) {
        Checks.finite(field, value);
        if (value == 1) {
            throw new InvalidInputException(field, "1 is ambiguous (100 % or 1 %); give a fraction under 1 (0.01 for 1 %) or a percent over 1 (55)");
        }
        if (!(value > 0 && value < 100)) {
            throw new InvalidInputException(field, Checks.fmt(value) + " is outside the allowed range: a fraction over 0 and under 1 (0.55) "
                    + "or a percent over 1 and under 100 (55)");
        }
        return value > 1 ? value / 100 : value;
    }

    /**
     * The win rate as a fraction from a stated percent (55 → 0.55): over 1 and under 100. A value of 1 or less is refused,
     * not read as a tiny percent: 0.55 in a percent field is far likelier a fraction typed in the wrong field than a 0.55 %
     * win rate, and {@code fractionField} takes fractions.
     */
    static double winRatePct(String field, double value, String fractionField) {
        Checks.finite(field, value);
        if (!(value > 1 && value < 100)) {
            throw new InvalidInputException(field, Checks.fmt(value) + " is outside the allowed range: a percent over 1 and under 100 (55 for 55 %)"
                    + (value > 0 && value <= 1 ? "; a fraction (" + Checks.fmt(value) + ") goes in " + fractionField : ""));
        }
        return value / 100;
    }

    /** A win rate as a fraction, and how the given figure was read (a note when a value over 1 was taken as a percent). */
    record WinRate(double fraction, List<String> notes) {
    }

    /**
     * The win rate as a person gave it, in at most one of two fields: {@code rate} (a fraction under 1, or a percent over 1
     * — read as that percent and said so in a note, the reading a number like 1.5 hides) or {@code pct} (a percent,
     * stated: over 1 and under 100); null when neither is given. The front ends name their fields
     * ({@code winRate}/{@code winRatePct}, {@code win-rate}/{@code win-rate-pct}); {@code shown} renders a field's name.
     */
    static WinRate winRate(Double rate, String rateField, Double pct, String pctField, UnaryOperator<String> shown) {
        if (rate != null && pct != null) {
            throw new InvalidInputException(pctField, "give the win rate once: " + shown.apply(rateField) + " (a fraction, or a percent over 1) or "
                    + shown.apply(pctField) + " (a percent), not both");
        }
        if (pct != null) {
            return new WinRate(winRatePct(pctField, pct, shown.apply(rateField)), List.of());
        }
        if (rate == null) {
            return null;
        }
        double w = winRate(rateField, rate);
        return new WinRate(w, rate > 1 ? List.of(shown.apply(rateField) + " " + Checks.fmt(rate) + " read as a percent: " + Checks.fmt(rate)
                + " % (a fraction is under 1; " + shown.apply(pctField) + " states the unit)") : List.of());
    }

    /** The payoff ratio R (average win / average loss): over 0, at most {@value #MAX_PAYOFF}. */
    static double payoff(String field, double value) {
        Checks.positive(field, value);
        return Checks.inRange(field, value, 0, MAX_PAYOFF);
    }
}
