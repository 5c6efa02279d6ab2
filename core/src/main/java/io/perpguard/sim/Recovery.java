package io.perpguard.sim;

import io.perpguard.Checks;

import java.util.ArrayList;
import java.util.List;

/**
 * How much an account must gain to get back to its peak after a drawdown: losses and gains compound on different
 * bases, so a 50 % loss needs a 100 % gain and a 90 % loss a 900 % gain.
 */
public final class Recovery {
    private Recovery() {
    }

    /**
     * One row of the recovery table, both as percent numbers (50 means 50 %).
     *
     * @param drawdownPct     loss from the peak, percent, 0 ≤ d &lt; 100
     * @param requiredGainPct gain on what is left that restores the peak, percent
     */
    public record Row(double drawdownPct, double requiredGainPct) {
    }

    /**
     * Calculates the gain (fraction) that recovers a drawdown {@code d} (fraction, 0 ≤ d &lt; 1).
     * <pre>g = 1 / (1 − d) − 1 = d / (1 − d)</pre>
     * from (1 − d)(1 + g) = 1. The right-hand form is used: it is exact for 0.5 → 1 and 0.75 → 3.
     */
    public static double requiredGain(double drawdown) {
        Checks.finite("drawdown", drawdown);
        if (drawdown < 0 || drawdown >= 1) {
            throw new io.perpguard.InvalidInputException("drawdown", Checks.fmt(drawdown)
                    + " is outside the allowed range 0 to just under 1 (a 100 % loss cannot be recovered)");
        }
        return drawdown / (1 - drawdown);
    }

    /**
     * Calculates the recovery table for drawdowns given in percent (each 0 ≤ d &lt; 100).
     * <pre>required gain % = 100 × d% / (100 − d%)</pre>
     * computed on the decimal the person typed.
     */
    public static List<Row> table(double... drawdownsPct) {
        Checks.notNull("drawdowns", drawdownsPct);
        List<Row> rows = new ArrayList<>(drawdownsPct.length);
        for (int i = 0; i < drawdownsPct.length; i++) {
            double d = drawdownsPct[i];
            Checks.finite("drawdowns[" + i + "]", d);
            if (d < 0 || d >= 100) {
                throw new io.perpguard.InvalidInputException("drawdowns", Checks.fmt(d)
                        + " is outside the allowed range 0 to just under 100 (percent; a 100 % loss cannot be recovered)");
            }
            // in decimal: 100 − d in binary loses the digits that matter near 100 (99.9999999 % gave 100,000,005,836.82 %)
            java.math.BigDecimal dd = java.math.BigDecimal.valueOf(d);
            rows.add(new Row(d, dd.multiply(java.math.BigDecimal.valueOf(100))
                    .divide(java.math.BigDecimal.valueOf(100).subtract(dd), java.math.MathContext.DECIMAL64).doubleValue()));
        }
        return rows;
    }

    /** The default table's drawdowns, percent. */
    public static double[] defaultDrawdownsPct() {
        return new double[]{10, 25, 50, 75, 90};
    }
}
