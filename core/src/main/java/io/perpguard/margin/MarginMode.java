package io.perpguard.margin;

import io.perpguard.InvalidInputException;

import java.util.Locale;

/** Isolated: the position risks only its own margin. Cross: it shares the account's wallet with every other cross position. */
public enum MarginMode {
    ISOLATED, CROSS;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static MarginMode parse(String field, String text) {
        if (text != null) {
            switch (text.trim().toLowerCase(Locale.ROOT)) {
                case "isolated" -> { return ISOLATED; }
                case "cross", "crossed" -> { return CROSS; }
                default -> { }
            }
        }
        throw new InvalidInputException(field, "'" + text + "' is not a margin mode; use isolated or cross");
    }
}
