package io.perpguard.stops;

import io.perpguard.Checks;
import io.perpguard.margin.Side;

/**
 * A volatility stop k × ATR beyond the entry: below it for a long, above it for a short.
 * <pre>stop = entry − side × k × ATR</pre>
 * (Wilder's volatility system, 1978; "chandelier"-style distance measured from entry.)
 */
public final class VolatilityStop {
    /** The usual multiple. */
    public static final double DEFAULT_MULTIPLE = 2;

    private VolatilityStop() {
    }

    /** Calculates the stop price; NaN when a long's stop would be at or below zero. */
    public static double price(Side side, double entry, double atr, double multiple) {
        Checks.positive("entry", entry);
        Checks.positive("atr", atr);
        Checks.positive("mult", multiple);
        double stop = entry - side.sign() * multiple * atr;
        return stop > 0 ? stop : Double.NaN;
    }
}
