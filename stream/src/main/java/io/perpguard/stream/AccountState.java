package io.perpguard.stream;

import io.perpguard.alerts.AlertState;
import io.perpguard.alerts.MarginAlertRules;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the {@code accounts} store keeps per account: wallet, open positions, the latest mark of each symbol held
 * (so a tick of one symbol re-prices the account with the latest marks of all its others: one consistent margin
 * ratio) and the alert rule's memory.
 *
 * @param walletBalance deposits + realized PnL − fees, USDT (includes isolated margin)
 * @param positions     open positions, in opening order
 * @param marks         latest mark per held symbol; a mark with {@code eventTimeMs} {@link #FILL_MARK} is the fill
 *                      price standing in until the first tick arrives
 * @param alert         the alert rule's state
 */
public record AccountState(double walletBalance, List<HeldPosition> positions, Map<String, MarkTick> marks,
                           AlertState alert) {
    /** Event time of a mark taken from a fill price: older than any real tick. */
    public static final long FILL_MARK = 0;

    /** A new account: no money, no positions. */
    public static final AccountState EMPTY = new AccountState(0, List.of(), Map.of(), AlertState.INITIAL);

    public AccountState {
        positions = List.copyOf(positions);
        marks = java.util.Collections.unmodifiableMap(new TreeMap<>(marks));
    }

    /** True when some position of {@code symbol} is open. */
    public boolean holds(String symbol) {
        for (HeldPosition p : positions) {
            if (p.symbol().equals(symbol)) {
                return true;
            }
        }
        return false;
    }
}
