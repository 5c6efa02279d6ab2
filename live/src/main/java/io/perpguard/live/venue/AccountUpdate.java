package io.perpguard.live.venue;

import java.util.List;

/**
 * A push from the account stream: what changed.
 *
 * @param eventTimeMs   the venue's event time
 * @param walletBalance the new wallet balance of the margin asset, NaN when unchanged
 * @param positions     positions that changed (amount 0 = closed)
 * @param reason        the venue's reason (ORDER, FUNDING_FEE, ...)
 */
public record AccountUpdate(long eventTimeMs, double walletBalance, List<LivePosition> positions, String reason) {
    public AccountUpdate {
        positions = List.copyOf(positions);
    }
}
