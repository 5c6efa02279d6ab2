package io.perpguard.stream;

/**
 * A change of an account's holdings (its first leg of a symbol opened or its last one closed): the account side's
 * holders lists follow it.
 *
 * @param holds true when the account now holds {@code symbol}, false when its last position there closed
 */
public record Holding(String symbol, String account, boolean holds) {
}
