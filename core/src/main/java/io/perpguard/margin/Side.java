package io.perpguard.margin;

import io.perpguard.InvalidInputException;

import java.util.Locale;

/** Direction of a position. */
public enum Side {
    LONG(1), SHORT(-1);

    private final int sign;

    Side(int sign) {
        this.sign = sign;
    }

    /** +1 for long, −1 for short: PnL = sign × qty × (price − entry). */
    public int sign() {
        return sign;
    }

    public Side opposite() {
        return this == LONG ? SHORT : LONG;
    }

    /** Lower-case name as used in the CLI and JSON ({@code long}, {@code short}). */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@code long}/{@code short} (also {@code buy}/{@code sell}), case-insensitive. */
    public static Side parse(String field, String text) {
        if (text != null) {
            switch (text.trim().toLowerCase(Locale.ROOT)) {
                case "long", "buy" -> { return LONG; }
                case "short", "sell" -> { return SHORT; }
                default -> { }
            }
        }
        throw new InvalidInputException(field, "'" + text + "' is not a side; use long or short");
    }
}
