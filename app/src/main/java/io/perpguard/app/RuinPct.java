package io.perpguard.app;

import io.perpguard.Checks;

/**
 * The one meaning of a ruin percentage ({@code simulate --ruin-pct}, {@code recovery --ruin-pct}, the desk's
 * {@code ruinPct}): ruin = equity this percent below the starting equity — a loss from the start, a fixed floor, not a
 * drawdown from a later peak. {@code simulate --ruin-pct 10} used to be the equity left (a 90 % loss) while
 * {@code recovery --ruin-pct 10} was a 10 % loss.
 */
public final class RuinPct {
    /** The option's help text, the same for every command that takes it. */
    public static final String HELP = "ruin = equity P %% below the starting equity (a loss from the start, not from a later peak)";
    public static final double MIN = 0.0001;
    public static final double MAX = 99.9999;

    private RuinPct() {
    }

    /** Fails unless {@code pct} is a loss of {@link #MIN} to {@link #MAX} percent, naming {@code field}. */
    public static double check(String field, double pct) {
        return Checks.inRange(field, pct, MIN, MAX);
    }

    /** The floor as a fraction of the starting equity: ruin = equity below start × (1 − pct/100). */
    public static double floor(double pct) {
        return 1 - pct / 100;
    }

    /** How an output says it: "equity 50 % below the start (not below a later peak)". */
    public static String describe(double pct) {
        return "equity " + Checks.fmt(pct) + " % below the start (not below a later peak)";
    }
}
