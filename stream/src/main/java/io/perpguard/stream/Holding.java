package io.perpguard.stream;

/**
 * A change of an account's holdings, routed by symbol to the symbol side's holders index.
 *
 * @param holds true when the account now holds {@code symbol}, false when its last position there closed
 */
public record Holding(String symbol, String account, boolean holds) {
}
