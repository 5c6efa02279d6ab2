package io.perpguard.margin;

import io.perpguard.InvalidInputException;

import java.util.Locale;

/**
 * Binance's {@code positionSide}: {@code BOTH} in one-way mode (one net position per symbol), {@code LONG} or
 * {@code SHORT} in hedge mode (a long and a short leg may coexist).
 */
public enum PositionSide {
    BOTH, LONG, SHORT;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static PositionSide parse(String field, String text) {
        if (text != null) {
            switch (text.trim().toLowerCase(Locale.ROOT)) {
                case "both", "one-way", "oneway" -> { return BOTH; }
                case "long" -> { return LONG; }
                case "short" -> { return SHORT; }
                default -> { }
            }
        }
        throw new InvalidInputException(field, "'" + text + "' is not a position side; use both, long or short");
    }
}
