package io.perpguard.orders;

import io.perpguard.InvalidInputException;

import java.util.Locale;

/** How a stop closes the position once triggered. */
public enum StopType {
    /** A market order: always fills, at whatever price the book gives (slippage). */
    MARKET,
    /** A limit order at {@code stop ∓ limitOffset}: never fills worse than the limit, but may not fill at all. */
    LIMIT;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@code market}/{@code stop-market} or {@code limit}/{@code stop-limit}. */
    public static StopType parse(String field, String text) {
        String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        return switch (t) {
            case "market", "stop-market", "stop_market" -> MARKET;
            case "limit", "stop-limit", "stop_limit" -> LIMIT;
            default -> throw new InvalidInputException(field, "'" + text + "' is not a stop type; use market or limit");
        };
    }
}
