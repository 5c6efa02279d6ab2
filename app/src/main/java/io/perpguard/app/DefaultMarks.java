package io.perpguard.app;

import io.perpguard.InvalidInputException;

/**
 * The one price the calculators assume without being told: 60,000 for BTCUSDT, the examples' reference price. Every
 * other symbol needs an explicit price.
 */
public final class DefaultMarks {
    /** The symbol the commands default to. */
    public static final String SYMBOL = "BTCUSDT";
    /** Its reference price. */
    public static final double BTCUSDT = 60_000;

    private DefaultMarks() {
    }

    /** The default price of {@code symbol}, NaN when it has none. */
    public static double of(String symbol) {
        return SYMBOL.equals(symbol) ? BTCUSDT : Double.NaN;
    }

    /** The default price of {@code symbol}, or an error naming {@code field} when it has none. */
    public static double required(String symbol, String field) {
        double m = of(symbol);
        if (Double.isNaN(m)) {
            throw new InvalidInputException(field, "is missing: needed to price the liquidation levels of " + symbol);
        }
        return m;
    }
}
