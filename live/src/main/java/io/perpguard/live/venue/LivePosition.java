package io.perpguard.live.venue;

import io.perpguard.margin.MarginMode;
import io.perpguard.margin.PositionSide;

/**
 * One position as the venue reports it.
 *
 * @param symbol         contract, upper case
 * @param positionSide   BOTH (one-way) or the hedge leg
 * @param amount         signed size in base units (negative: short); 0 = closed
 * @param entryPrice     average entry price
 * @param leverage       the position's leverage setting (NaN when the venue's message does not carry it)
 * @param marginMode     isolated or cross
 * @param isolatedWallet margin held by an isolated position (0 for cross)
 */
public record LivePosition(String symbol, PositionSide positionSide, double amount, double entryPrice, double leverage,
                           MarginMode marginMode, double isolatedWallet) {
    /** {@code SYMBOL/side}: the position's identity within an account. */
    public String key() {
        return symbol + "/" + positionSide.label();
    }

    public boolean open() {
        return amount != 0;
    }
}
