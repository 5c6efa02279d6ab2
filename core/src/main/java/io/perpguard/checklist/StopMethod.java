package io.perpguard.checklist;

import io.perpguard.InvalidInputException;

import java.util.Locale;

/** How the trader placed the stop: beyond market structure, a multiple of ATR, a round percentage, or not at all. */
public enum StopMethod {
    STRUCTURE, ATR, PERCENT, NONE;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static StopMethod parse(String field, String text) {
        if (text != null) {
            switch (text.trim().toLowerCase(Locale.ROOT)) {
                case "structure" -> { return STRUCTURE; }
                case "atr" -> { return ATR; }
                case "percent", "pct" -> { return PERCENT; }
                case "none" -> { return NONE; }
                default -> { }
            }
        }
        throw new InvalidInputException(field, "'" + text + "' is not a stop method; use structure, atr, percent or none");
    }
}
