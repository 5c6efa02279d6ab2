package io.perpguard.live.venue;

import java.util.List;
import java.util.Map;

/**
 * A full account read over REST: the state the streams are resynchronised to after every (re)connect.
 *
 * @param timeMs        when it was read (local clock)
 * @param walletBalance wallet balance of the margin asset (isolated wallets included)
 * @param positions     open positions
 * @param marks         mark price per symbol at the time of reading
 * @param funding       funding rate and next funding time per symbol, as mark updates (may be empty)
 */
public record AccountSnapshot(long timeMs, double walletBalance, List<LivePosition> positions, Map<String, Double> marks,
                              Map<String, MarkUpdate> funding) {
    public AccountSnapshot {
        positions = List.copyOf(positions);
        marks = Map.copyOf(marks);
        funding = Map.copyOf(funding);
    }
}
